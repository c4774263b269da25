using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PiController.Hub.Api;

/// <summary>
/// The one place a <see cref="HubException"/> becomes a gRPC answer: the kind's status
/// (<see cref="HubErrorKinds.GrpcStatus"/>) with the exception's message, for every gRPC service of the hub.
/// </summary>
internal sealed class HubExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (HubException e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (HubException e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (HubException e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (HubException e)
        {
            throw ToRpc(e);
        }
    }

    public static RpcException ToRpc(HubException e) => new(new Status(HubErrorKinds.GrpcStatus(e.Kind), e.Message));
}
