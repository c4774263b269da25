using PiController.Hub.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// What an agent reports about itself is text from the network: each string is capped and its control and bidi
/// characters escaped (<see cref="TextRules.Reported"/>) before the hub stores, logs or shows it.
/// </summary>
internal static class AgentReports
{
    public const int MaxHostname = 253;
    public const int MaxField = 128;
    public const int MaxShortField = 64;

    public static void Clean(Hello hello)
    {
        hello.AgentVersion = TextRules.Reported(hello.AgentVersion, MaxShortField);
        if (hello.System is { } system)
        {
            system.Hostname = TextRules.Reported(system.Hostname, MaxHostname);
            system.Model = TextRules.Reported(system.Model, MaxField);
            system.Architecture = TextRules.Reported(system.Architecture, MaxShortField);
            system.Os = TextRules.Reported(system.Os, MaxField);
            system.Kernel = TextRules.Reported(system.Kernel, MaxField);
            system.Board = TextRules.Reported(system.Board, MaxShortField);
        }
        if (hello.Hardware is { } hardware)
        {
            Clean(hardware);
        }
    }

    public static void Clean(HardwareReport report)
    {
        if (report.Board is { } board)
        {
            if (board.HasModel)
            {
                board.Model = TextRules.Reported(board.Model, MaxField);
            }
            if (board.HasSerial)
            {
                board.Serial = TextRules.Reported(board.Serial, MaxShortField);
            }
            if (board.HasBoardType)
            {
                board.BoardType = TextRules.Reported(board.BoardType, MaxShortField);
            }
            if (board.HasBoardRevision)
            {
                board.BoardRevision = TextRules.Reported(board.BoardRevision, MaxShortField);
            }
            if (board.HasManufacturer)
            {
                board.Manufacturer = TextRules.Reported(board.Manufacturer, MaxShortField);
            }
            if (board.HasProcessor)
            {
                board.Processor = TextRules.Reported(board.Processor, MaxShortField);
            }
        }
        foreach (var chip in report.GpioChips)
        {
            chip.Name = TextRules.Reported(chip.Name, MaxShortField);
            if (chip.HasLabel)
            {
                chip.Label = TextRules.Reported(chip.Label, MaxShortField);
            }
            foreach (var line in chip.Lines)
            {
                line.Name = TextRules.Reported(line.Name, MaxShortField);
                line.Consumer = TextRules.Reported(line.Consumer, MaxShortField);
            }
        }
        foreach (var bus in report.I2CBuses)
        {
            if (bus.HasName)
            {
                bus.Name = TextRules.Reported(bus.Name, MaxField);
            }
        }
        foreach (var uart in report.Uarts)
        {
            uart.Name = TextRules.Reported(uart.Name, MaxShortField);
        }
        foreach (var zone in report.ThermalZones)
        {
            if (zone.HasType)
            {
                zone.Type = TextRules.Reported(zone.Type, MaxShortField);
            }
        }
    }
}
