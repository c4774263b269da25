using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PiController.Hub.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer pic_...</c> against <see cref="ApiTokenStore"/>. A browser cannot set
/// headers on a WebSocket, so a WebSocket handshake may instead offer the token as the subprotocol
/// <c>bearer.pic_...</c> (never in the URL, which proxies and logs keep).
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string WebSocketProtocolPrefix = "bearer.";
    private const string RefusalKey = "pi-controller.auth.refusal";

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
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, principal.TokenId), new Claim(ClaimTypes.Name, principal.Name), new Claim(ClaimTypes.Role, principal.Role)],
            SchemeName);
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
            ?? "this call needs an API token: pass --token or set PI_CONTROLLER_TOKEN (the first admin token is in admin.token in the hub's data directory)";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: "Unauthorized", detail: reason, statusCode: 401).ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: "Forbidden", detail: $"the token's role ({role}) may not do this", statusCode: 403).ExecuteAsync(Context).ConfigureAwait(false);
    }
}
