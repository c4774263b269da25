namespace PiController.Hub.Api;

/// <summary>
/// What kind of refusal or failure a hub error is. Services throw <see cref="HubException"/> with one of these and
/// a message a person can act on; the edges translate it once (<see cref="HubErrorKinds"/>): one exception handler
/// into problem details for REST, one interceptor into a status for gRPC. Services know nothing of either.
/// </summary>
internal enum HubErrorKind
{
    /// <summary>The request itself is wrong: a bad value, a missing field. 400 / InvalidArgument.</summary>
    Invalid,

    /// <summary>What the request names does not exist. 404 / NotFound.</summary>
    NotFound,

    /// <summary>What the request would create exists already. 409 / AlreadyExists.</summary>
    AlreadyExists,

    /// <summary>Refused by the current state: a pin held by another claim, a write to an input, a safety rule. 409 / FailedPrecondition.</summary>
    Conflict,

    /// <summary>The request is well formed but names something the hub cannot act on yet (no node matches). 422 / FailedPrecondition.</summary>
    Precondition,

    /// <summary>Not allowed for this caller or this node. 403 / PermissionDenied.</summary>
    Forbidden,

    /// <summary>The caller is not (or no longer) authenticated: a token revoked or expired during a stream. 401 / Unauthenticated.</summary>
    Unauthenticated,

    /// <summary>Too much too fast: too many failed attempts from one address, a stream that fell too far behind. 429 / ResourceExhausted.</summary>
    Exhausted,

    /// <summary>A node cannot be reached now (not connected), or the hub is stopping; retry later. 503 / Unavailable.</summary>
    Unavailable,

    /// <summary>The answer did not come in time. 504 / DeadlineExceeded.</summary>
    Deadline,

    /// <summary>The agent cannot do this at all (its board, its version). 501 / Unimplemented.</summary>
    Unsupported,

    /// <summary>The agent tried and failed. 502 / Internal.</summary>
    Failed,

    /// <summary>A request body over the limit (REST only: gRPC has its own message limit). 413 / ResourceExhausted.</summary>
    TooLarge,

    /// <summary>A request body that is not JSON by its Content-Type (REST only). 415 / InvalidArgument.</summary>
    UnsupportedMedia,
}
