using System.Text;
using PiController.Hub.Api;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>Private keys as SSH.NET reads them (OpenSSH and PEM; ed25519, ecdsa, rsa), without a passphrase: the hub holds the key sealed, a passphrase would have to be stored beside it.</summary>
internal static class SshKeys
{
    public static PrivateKeyFile Read(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return new PrivateKeyFile(stream);
    }

    /// <summary>Refuses a text that is not a usable private key, with what to give instead.</summary>
    public static void Check(string text)
    {
        try
        {
            Read(text).Dispose();
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            throw new HubException(HubErrorKind.Invalid,
                "the private key has a passphrase; give a key without one (ssh-keygen -p -N '' -f COPY on a copy), the hub keeps it sealed");
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            throw new HubException(HubErrorKind.Invalid,
                "the key file is not a private key SSH can use (OpenSSH or PEM, ed25519, ecdsa or rsa); give the private half, such as ~/.ssh/id_ed25519, not the .pub");
        }
    }
}
