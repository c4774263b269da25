using System.Globalization;
using PiController.Hub.Hardware;
using PiController.Hub.Resources;
using PiController.Protocol.Link;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>status.desired and status.observed: one short line each, for kubectl get's Desired and Observed columns.</summary>
internal static class ProjectionText
{
    public static string Desired(ValidSpec spec) => spec switch
    {
        { Gpio: { Mode: GpioMode.Output } g } => $"output {PinText.Level(g.High)}",
        { Gpio: { } g } => "input" + (g.Pull == GpioPull.None ? "" : $" pull {PinText.Pull(g.Pull)}") + (g.Edge == GpioEdge.None ? "" : $" edge {PinText.Edge(g.Edge)}"),
        { Pwm: { } p } => Pwm(p.FrequencyHz, p.DutyPercent),
        { I2c: { } i } => string.Create(CultureInfo.InvariantCulture, $"{i.Device} every {i.IntervalMs} ms"),
        _ => "",
    };

    public static string? Observed(ResourceKind kind, ObservedState? observed) => (kind, observed) switch
    {
        (_, null) => null,
        (ResourceKind.GpioPin, { Mode: { } mode }) => observed.Value is { } value ? $"{mode} {value}" : mode,
        (ResourceKind.PwmController, { FrequencyHz: { } hz, DutyPercent: { } duty }) => Pwm(hz, duty),
        (ResourceKind.I2cDevice, { Values: { Count: > 0 } values }) => string.Join(", ", ProjectionReadings.Split(values).Select(v =>
            string.Create(CultureInfo.InvariantCulture, $"{v.Name} {v.Value:0.##}{(v.Unit is null ? "" : " " + v.Unit)}"))),
        (ResourceKind.I2cDevice, { Device: { } device }) => $"{device}, no reading yet",
        _ => null,
    };

    private static string Pwm(double hz, double duty) => string.Create(CultureInfo.InvariantCulture, $"{hz:0.##} Hz {duty:0.##}%");
}
