using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Server;

/// <summary>
/// /etc/rancher/k3s/k3s.yaml as K3s writes it: cluster, context and user all named <c>default</c>, the server at
/// https://127.0.0.1:PORT, the cluster CA (server-ca.crt) and the admin's client certificate (signed by client-ca,
/// followed by the client CA's chain) with its key; mode from write-kubeconfig-mode, 0600 by default.
/// </summary>
internal static class Kubeconfig
{
    public static void Write(string path, string? mode, ClusterCertificates certificates, int port, DateTimeOffset now)
    {
        var fileMode = ParseMode(mode);
        using var admin = certificates.Admin(now);
        var clientChain = new StringBuilder(admin.ExportCertificatePem()).Append('\n');
        foreach (var ca in new[] { certificates.ClientCa.Certificate }.Concat(certificates.ClientCa.Above))
        {
            clientChain.Append(ca.ExportCertificatePem()).Append('\n');
        }
        var key = admin.GetECDsaPrivateKey()!.ExportECPrivateKeyPem() + "\n";
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: {Convert.ToBase64String(certificates.ServerCa.Bundle)}
                server: https://127.0.0.1:{port}
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            kind: Config
            preferences: {"{}"}
            users:
            - name: default
              user:
                client-certificate-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(clientChain.ToString()))}
                client-key-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(key))}

            """);
        HostPaths.Write(path, text, fileMode);
    }

    /// <exception cref="Cli.UsageException">not an octal mode such as 0600 or 644.</exception>
    private static UnixFileMode ParseMode(string? mode)
    {
        if (mode is null)
        {
            return UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        if (mode.Length is > 0 and <= 4 && mode.All(c => c is >= '0' and <= '7'))
        {
            return (UnixFileMode)Convert.ToInt32(mode, 8);
        }
        throw new Cli.UsageException($"invalid write-kubeconfig-mode \"{mode}\": use an octal file mode such as 0600 or 0644");
    }
}
