using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Cli.Contexts;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Hub.Cli;

/// <summary>
/// Where the CLI finds the hub, how it verifies it, and which token it presents. Each of the three comes from the
/// first that has it: a flag (--hub, --ca-fingerprint, --token), an environment variable (PI_CONTROLLER_HUB, ...),
/// the chosen context of the client config (--context, else PI_CONTROLLER_CONTEXT, else its current-context), and
/// last the hub's data directory (https://127.0.0.1:8443, its ca.crt and admin.token), for the CLI on the hub's
/// own machine. docs/cli.md "Contexts" says the same for people.
/// </summary>
internal sealed record HubConnectionSettings(Uri Hub, string CaFingerprint, X509Certificate2? Ca, string Token)
{
    public static HubConnectionSettings Resolve(ConnectionFlags flags, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var hub = flags.Hub ?? environment(ConnectionFlags.HubVariable);
        var fingerprint = flags.CaFingerprint ?? environment(ConnectionFlags.CaFingerprintVariable);
        var token = flags.Token ?? environment(ConnectionFlags.TokenVariable);
        var contextName = flags.Context ?? environment(ConnectionFlags.ContextVariable);
        var data = flags.DataDirectory ?? environment(ConnectionFlags.DataDirectoryVariable) ?? HubOptions.DefaultDataDirectory;

        // The config file is read only when it has something to give, so a broken one does not stop explicit flags.
        HubContext? context = null;
        ClientConfigFile? file = null;
        if (hub is null || fingerprint is null || token is null || contextName is not null)
        {
            file = ClientConfigFile.Locate(flags.Config, environment);
            context = Choose(file, contextName);
        }

        hub ??= context?.Hub.ToString() ?? $"https://127.0.0.1:{HubOptions.DefaultPort}";
        if (!Uri.TryCreate(hub, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliException($"--hub must be an https:// address, got \"{hub}\"");
        }

        fingerprint ??= context?.CaFingerprint;
        X509Certificate2? ca = null;
        if (fingerprint is null)
        {
            var caPath = CertificateAuthority.CaCertificatePath(data);
            if (!File.Exists(caPath))
            {
                throw new CliException($"cannot verify the hub: no --ca-fingerprint given and no {caPath}; log in (pi-controller login {uri}), pass --ca-fingerprint (pi-controller ca fingerprint prints it on the hub) or --data-dir");
            }
            ca = LoadCa(caPath);
            fingerprint = HubTrust.Fingerprint(ca);
        }
        var pin = CaFingerprints.Normalize(fingerprint)
            ?? throw new CliException($"--ca-fingerprint must be 64 hex digits (SHA-256), got \"{fingerprint}\"");

        if (token is null && context is not null)
        {
            token = context.ReadToken(file!.Directory, environment);
        }
        if (token is null)
        {
            var tokenPath = Path.Join(data, SecurityExtensions.AdminTokenFile);
            try
            {
                token = File.ReadAllText(tokenPath).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"no API token: log in (pi-controller login {uri}), pass --token, set {ConnectionFlags.TokenVariable}, or run where {tokenPath} is readable ({e.Message})");
            }
        }
        return new HubConnectionSettings(uri, pin, ca, token);
    }

    /// <summary>The context named by --context or PI_CONTROLLER_CONTEXT (which must exist), else the current one, else none.</summary>
    private static HubContext? Choose(ClientConfigFile file, string? name)
    {
        var config = file.Load();
        if (name is not null)
        {
            return config.Find(name) ?? throw new CliException(config.Contexts.Count == 0
                ? $"no context \"{name}\": {file.Path} has none; add one with pi-controller login https://HUB:8443 --name {name}"
                : $"no context \"{name}\" in {file.Path}; the contexts are {string.Join(", ", config.Contexts.Select(c => c.Name))} (pi-controller config get-contexts)");
        }
        if (config.CurrentContext is { } current)
        {
            return config.Find(current) ?? throw new CliException(
                $"the current context \"{current}\" is not in {file.Path}; pick one with pi-controller config use-context NAME");
        }
        return null;
    }

    /// <summary>The hub's CA certificate from a PEM file; a file that is not one is a <see cref="CliException"/>.</summary>
    public static X509Certificate2 LoadCa(string path)
    {
        try
        {
            return HubTrust.LoadCertificatePem(path);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path} is not a readable PEM certificate ({e.Message}); point --data-dir at the hub's data directory or pass --ca-fingerprint");
        }
    }
}
