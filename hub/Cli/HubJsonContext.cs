using System.Text.Json;
using System.Text.Json.Serialization;
using PiController.Hub.Audit;
using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>
/// The CLI's JSON: every REST body it sends or reads, source-generated (no reflection, AOT-safe). The server side
/// does not use it: each feature owns its context (NodesJsonContext, HardwareJsonContext, ...), chained at start.
/// The options are the hub's one JSON contract, the same on every context (<see cref="Api.ApiJsonContext"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(NodeView))]
[JsonSerializable(typeof(IReadOnlyList<NodeView>))]
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResult))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Output.Change))]
[JsonSerializable(typeof(AptPackageView))]
[JsonSerializable(typeof(IReadOnlyList<PiController.Hub.Nodes.EnrollmentRequestView>))]
[JsonSerializable(typeof(PiController.Hub.Security.ApproveEnrollmentRequest))]
[JsonSerializable(typeof(Hardware.GpioConfigRequest))]
[JsonSerializable(typeof(Hardware.GpioWriteRequest))]
[JsonSerializable(typeof(Hardware.GpioPulseRequest))]
[JsonSerializable(typeof(Hardware.GpioBatchRequest))]
[JsonSerializable(typeof(Hardware.PwmSetRequest))]
[JsonSerializable(typeof(Hardware.I2cTransferRequest))]
[JsonSerializable(typeof(Hardware.I2cWatchRequest))]
[JsonSerializable(typeof(Hardware.GpioPinsView))]
[JsonSerializable(typeof(Hardware.PwmChannelsView))]
[JsonSerializable(typeof(Hardware.I2cScanView))]
[JsonSerializable(typeof(Hardware.I2cTransferView))]
[JsonSerializable(typeof(Hardware.SensorReadingView))]
[JsonSerializable(typeof(Hardware.SensorReadingsView))]
[JsonSerializable(typeof(Hardware.I2cWatchesView))]
[JsonSerializable(typeof(Hardware.PinEventsView))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(JoinTokenCreateRequest))]
[JsonSerializable(typeof(JoinTokenCreated))]
[JsonSerializable(typeof(IReadOnlyList<JoinTokenView>))]
[JsonSerializable(typeof(ApiTokenCreateRequest))]
[JsonSerializable(typeof(ApiTokenCreated))]
[JsonSerializable(typeof(IReadOnlyList<ApiTokenView>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(IReadOnlyList<PiController.Hub.Discovery.DiscoveredMachineView>))]
[JsonSerializable(typeof(PiController.Hub.Discovery.ScanRequest))]
[JsonSerializable(typeof(PiController.Hub.Discovery.ScanResultView))]
[JsonSerializable(typeof(Events.NodeDiscoveredPayload))]
[JsonSerializable(typeof(Events.NodeConnectedPayload))]
[JsonSerializable(typeof(Events.NodeDisconnectedPayload))]
[JsonSerializable(typeof(Events.NodeStatusChangedPayload))]
[JsonSerializable(typeof(Events.GpioStateChangedPayload))]
[JsonSerializable(typeof(Events.PwmChangedPayload))]
[JsonSerializable(typeof(Events.I2cReadingPayload))]
[JsonSerializable(typeof(Events.ResourceConflictPayload))]
[JsonSerializable(typeof(Events.HardwareEventsDroppedPayload))]
[JsonSerializable(typeof(Events.EventView))]
[JsonSerializable(typeof(Events.EventListView))]
[JsonSerializable(typeof(Events.StreamGapPayload))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Nodes.NodeLabelsView))]
[JsonSerializable(typeof(Nodes.NodeLabelsChange))]
[JsonSerializable(typeof(Resources.ResourceStatus))]
[JsonSerializable(typeof(Resources.GpioSpec))]
[JsonSerializable(typeof(Resources.PwmSpec))]
[JsonSerializable(typeof(Resources.I2cSpec))]
[JsonSerializable(typeof(Resources.ResourceDocument<Resources.GpioSpec>))]
[JsonSerializable(typeof(Resources.ResourceDocument<Resources.PwmSpec>))]
[JsonSerializable(typeof(Resources.ResourceDocument<Resources.I2cSpec>))]
[JsonSerializable(typeof(List<Resources.ResourceDocument<Resources.GpioSpec>>))]
[JsonSerializable(typeof(List<Resources.ResourceDocument<Resources.PwmSpec>>))]
[JsonSerializable(typeof(List<Resources.ResourceDocument<Resources.I2cSpec>>))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
