using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Hub.Cli;

/// <summary>
/// Where the CLI finds the hub, how it verifies it, and which token it presents. Each comes from a flag, else an
/// environment variable, else the hub's data directory (when the CLI runs on the hub's machine).
/// </summary>
internal sealed record HubConnectionSettings(Uri Hub, string CaFingerprint, X509Certificate2? Ca, string Token)
{
    public static HubConnectionSettings Resolve(string? hub, string? token, string? fingerprint, string? dataDirectory)
    {
        hub ??= Environment.GetEnvironmentVariable("PI_CONTROLLER_HUB") ?? $"https://127.0.0.1:{HubOptions.DefaultPort}";
        if (!Uri.TryCreate(hub, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliException($"--hub must be an https:// address, got \"{hub}\"");
        }
        var data = dataDirectory ?? Environment.GetEnvironmentVariable("PI_CONTROLLER_DATA_DIR") ?? HubOptions.DefaultDataDirectory;

        fingerprint ??= Environment.GetEnvironmentVariable("PI_CONTROLLER_CA_FINGERPRINT");
        X509Certificate2? ca = null;
        if (fingerprint is null)
        {
            var caPath = CertificateAuthority.CaCertificatePath(data);
            if (!File.Exists(caPath))
            {
                throw new CliException($"cannot verify the hub: no --ca-fingerprint given and no {caPath}; pass --ca-fingerprint (pi-controller ca fingerprint prints it on the hub) or --data-dir");
            }
            ca = LoadCa(caPath);
            fingerprint = HubTrust.Fingerprint(ca);
        }
        fingerprint = fingerprint.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        if (fingerprint.Length != 64 || !fingerprint.All(char.IsAsciiHexDigit))
        {
            throw new CliException($"--ca-fingerprint must be 64 hex digits (SHA-256), got \"{fingerprint}\"");
        }

        token ??= Environment.GetEnvironmentVariable("PI_CONTROLLER_TOKEN");
        if (token is null)
        {
            var tokenPath = Path.Join(data, SecurityExtensions.AdminTokenFile);
            try
            {
                token = File.ReadAllText(tokenPath).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"no API token: pass --token, set PI_CONTROLLER_TOKEN, or run where {tokenPath} is readable ({e.Message})");
            }
        }
        return new HubConnectionSettings(uri, fingerprint, ca, token);
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
