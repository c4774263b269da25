namespace PiController.Hub.Security;

/// <summary>
/// How a waiting enrollment's key is named: the SHA-256 of its SubjectPublicKeyInfo, lower-case hex; people use its
/// first <see cref="MinPrefixLength"/> digits (<c>nodes pending</c> shows them, the agent logs them, approve takes them).
/// </summary>
internal static class EnrollmentKeys
{
    /// <summary>64 bits: finding another key with the same prefix takes about 2^64 key generations.</summary>
    public const int MinPrefixLength = 16;

    public static string Short(string keyHash) => keyHash.Length > MinPrefixLength ? keyHash[..MinPrefixLength] : keyHash;

    /// <summary>Null if <paramref name="prefix"/> can name a key, else what is wrong with it.</summary>
    public static string? CheckPrefix(string? prefix)
    {
        var text = prefix?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "name the key to approve: the key sha256 that pi-controller nodes pending shows (and the agent logs), e.g. --key 3f9a0c1d2e4b5a69";
        }
        if (text.Length is < MinPrefixLength or > 64 || !text.All(char.IsAsciiHexDigit))
        {
            return $"the key must be {MinPrefixLength} to 64 hex digits of its sha256, as pi-controller nodes pending shows it";
        }
        return null;
    }
}
