using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Hardware;

/// <summary>Hardware's REST bodies, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(GpioConfigRequest))]
[JsonSerializable(typeof(GpioWriteRequest))]
[JsonSerializable(typeof(GpioPulseRequest))]
[JsonSerializable(typeof(GpioBatchRequest))]
[JsonSerializable(typeof(PwmSetRequest))]
[JsonSerializable(typeof(I2cTransferRequest))]
[JsonSerializable(typeof(I2cWatchRequest))]
[JsonSerializable(typeof(GpioPinsView))]
[JsonSerializable(typeof(PwmChannelsView))]
[JsonSerializable(typeof(I2cScanView))]
[JsonSerializable(typeof(I2cTransferView))]
[JsonSerializable(typeof(SensorReadingView))]
[JsonSerializable(typeof(SensorReadingsView))]
[JsonSerializable(typeof(I2cWatchesView))]
[JsonSerializable(typeof(PinEventsView))]
internal sealed partial class HardwareJsonContext : JsonSerializerContext;
