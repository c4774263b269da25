namespace PiController.Hub.Cli.Contexts;

/// <summary><c>pi-controller config get-contexts -o json</c>: one context, with where its token is (never the token).</summary>
internal sealed record ContextView(string Name, bool Current, string Hub, string CaFingerprint, string Token);
