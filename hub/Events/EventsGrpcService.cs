using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PiController.Hub.Api;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Events;

/// <summary>
/// gRPC: picontroller.api.v1.Events, the same stream and list as /api/v1/events/ws and /api/v1/events. A watch
/// ends with UNAUTHENTICATED when its token is revoked or expires.
/// </summary>
internal sealed class EventsGrpcService(EventBus bus, TimeProvider time, IHostApplicationLifetime lifetime, ApiTokenStreams tokenStreams)
    : Protocol.Api.Events.EventsBase
{
    [ReadOnlyCall]
    public override async Task Watch(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        var query = EventQuery.Parse(request.HasSince ? request.Since : (long?)null, request.EventTypes, request.NodeIds, request.Resource).Servable(bus.Store.LastId());
        using var lease = tokenStreams.Open(context.GetHttpContext().User);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lease.Ended);
        using var subscription = bus.Subscribe(query.Since, query.Filter);
        using var stopping = lifetime.ApplicationStopping.Register(() => subscription.End(new EventBusStoppedException()));
        // Headers now, not with the first event: the client knows at once that it is subscribed.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        try
        {
            if (subscription.MissedBefore is { } first)
            {
                var gap = new StreamGapPayload(query.Since ?? 0, first, $"events after {query.Since ?? 0} and before {first} were removed by retention");
                await responseStream.WriteAsync(new Event
                {
                    Type = "stream.gap",
                    At = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                    PayloadJson = EventJson.ToText(gap, EventsJsonContext.Default.StreamGapPayload),
                }, ended.Token).ConfigureAwait(false);
            }
            await foreach (var e in subscription.ReadAllAsync(ended.Token).ConfigureAwait(false))
            {
                ended.Token.ThrowIfCancellationRequested();
                await responseStream.WriteAsync(ToMessage(e), ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lease.Reason is { } reason)
        {
            throw new HubException(HubErrorKind.Unauthenticated, $"{reason} (last id sent: {subscription.LastDelivered})");
        }
        catch (Exception e) when (e is EventSubscriptionOverflowException or EventBusStoppedException)
        {
            // The stream ends with the place to resume from: too slow a reader is exhausted, a stopping hub unavailable.
            var kind = e is EventSubscriptionOverflowException ? HubErrorKind.Exhausted : HubErrorKind.Unavailable;
            throw new HubException(kind, $"{e.Message} (last id sent: {subscription.LastDelivered})");
        }
    }

    [ReadOnlyCall]
    public override Task<ListEventsResponse> List(ListEventsRequest request, ServerCallContext context)
    {
        var query = EventQuery.Parse(request.Since, request.EventTypes, request.NodeIds, request.Resource);
        if (request.Limit != 0 && request.Tail != 0)
        {
            throw new HubException(HubErrorKind.Invalid, "limit pages from since and tail takes the newest events: ask for one of them, not both");
        }
        var limit = request.Limit == 0 ? EventsApi.DefaultLimit : request.Limit;
        if (limit is < 1 or > EventStore.MaxPage)
        {
            throw new HubException(HubErrorKind.Invalid, $"limit must be between 1 and {EventStore.MaxPage}, got {limit}");
        }
        if (request.Tail is < 0 or > EventStore.MaxPage)
        {
            throw new HubException(HubErrorKind.Invalid, $"tail must be between 1 and {EventStore.MaxPage}, got {request.Tail}");
        }
        var lastId = bus.Store.LastId();
        query = query.Servable(lastId);
        var page = request.Tail > 0 ? EventsApi.Tail(bus, query, request.Tail, lastId) : EventsApi.Page(bus, query, limit, lastId);
        var response = new ListEventsResponse { Next = page.ScannedUpTo };
        response.Events.AddRange(page.Events.Select(ToMessage));
        return Task.FromResult(response);
    }

    private static Event ToMessage(HubEvent e) => new()
    {
        Id = e.Id,
        Type = e.Type,
        NodeId = e.NodeId ?? "",
        At = Timestamp.FromDateTimeOffset(e.At),
        PayloadJson = e.Payload.GetRawText(),
    };
}
