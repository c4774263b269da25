namespace PiController.Hub.Audit;

/// <summary>
/// Marks a gRPC method (gRPC calls are all POSTs) that changes nothing: it is not audited, and the route test
/// does not expect a viewer to be refused. Every gRPC method without it counts as a change.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ReadOnlyCallAttribute : Attribute;
