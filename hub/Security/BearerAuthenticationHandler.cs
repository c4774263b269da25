using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PiController.Hub.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer pic_...</c> against <see cref="ApiTokenStore"/>. A browser cannot set
/// headers on a WebSocket, so a WebSocket handshake may instead offer the token as the subprotocol
/// <c>bearer.pic_...</c> (never in the URL, which proxies and logs keep); on any other request that form is
/// refused. Every refusal is marked (<see cref="WasRefused"/>) so the failure limit counts it, whatever form the
/// credential took or whether there was one. A gRPC request is refused with a trailers-only gRPC status
/// (UNAUTHENTICATED, PERMISSION_DENIED) carrying the message, not a bare HTTP status.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string WebSocketProtocolPrefix = "bearer.";
    /// <summary>The claim holding when the token expires (Unix milliseconds); absent for a token that does not.</summary>
    public const string ExpiresClaim = "pi-controller/expires";
    private const string RefusalKey = "pi-controller.auth.refusal";
    private const string RefusedKey = "pi-controller.auth.refused";

    /// <summary>Whether this request was refused for want of a valid credential (answered 401, or gRPC UNAUTHENTICATED).</summary>
    public static bool WasRefused(HttpContext context) => context.Items.ContainsKey(RefusedKey);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string token;
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Fail("the Authorization header must be \"Bearer <token>\"");
            }
            token = header["Bearer ".Length..].Trim();
        }
        else if (WebSocketProtocolToken(Request.Headers.SecWebSocketProtocol) is { } offered)
        {
            if (!Context.WebSockets.IsWebSocketRequest)
            {
                return Fail("a bearer.TOKEN subprotocol is accepted only on a WebSocket handshake; send the token as \"Authorization: Bearer TOKEN\"");
            }
            token = offered;
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var principal = tokens.Verify(token, out var refusal);
        if (principal is null)
        {
            return Fail(refusal!);
        }
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, principal.TokenId), new(ClaimTypes.Name, principal.Name), new(ClaimTypes.Role, principal.Role)];
        if (principal.ExpiresAt is { } expires)
        {
            claims.Add(new Claim(ExpiresClaim, expires.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static string? WebSocketProtocolToken(Microsoft.Extensions.Primitives.StringValues protocols)
    {
        foreach (var value in protocols)
        {
            foreach (var protocol in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (protocol.StartsWith(WebSocketProtocolPrefix, StringComparison.Ordinal))
                {
                    return protocol[WebSocketProtocolPrefix.Length..];
                }
            }
        }
        return null;
    }

    private Task<AuthenticateResult> Fail(string reason)
    {
        Context.Items[RefusalKey] = reason;
        return Task.FromResult(AuthenticateResult.Fail(reason));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[RefusalKey] as string
            ?? "this call needs an API token: log in (pi-controller login https://HUB:8443), pass --token or set PI_CONTROLLER_TOKEN (the first admin token is in admin.token in the hub's data directory)";
        Context.Items[RefusedKey] = true;
        if (!Api.GrpcTrailersOnly.IsGrpc(Request))
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        await Api.Problems.RefuseAsync(Context, Api.HubErrorKind.Unauthenticated, reason).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        var detail = $"the token's role ({role}) may not do this";
        await Api.Problems.RefuseAsync(Context, Api.HubErrorKind.Forbidden, detail).ConfigureAwait(false);
    }
}
