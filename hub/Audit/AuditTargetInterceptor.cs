using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PiController.Hub.Api;

namespace PiController.Hub.Audit;

/// <summary>
/// Notes what a gRPC call acts on (its <c>id</c> and <c>*_id</c> string fields, e.g. <c>node_id=pi-7</c>) for the
/// audit entry; the middleware cannot see the request message. Other fields (tokens, keys) are never read.
/// </summary>
internal sealed class AuditTargetInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Note(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Note(request, context);
        return continuation(request, responseStream, context);
    }

    public static string Target(IMessage message) => string.Join(", ",
        message.Descriptor.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType == FieldType.String && !f.IsRepeated && (f.Name == "id" || f.Name.EndsWith("_id", StringComparison.Ordinal)))
            .Select(f => (f.Name, Value: f.Accessor.GetValue(message) as string))
            .Where(f => !string.IsNullOrEmpty(f.Value))
            .Select(f => $"{f.Name}={f.Value}"));

    private static void Note(object request, ServerCallContext context)
    {
        if (request is IMessage message && Target(message) is { Length: > 0 } target)
        {
            AuditTarget.Note(context.GetHttpContext(), target);
        }
    }
}
