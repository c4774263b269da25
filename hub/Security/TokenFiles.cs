namespace PiController.Hub.Security;

/// <summary>
/// <c>admin.token</c> and <c>join.token</c>: the two secrets the hub hands over in clear, on its first start, so
/// that the operator can start using the CLI and enroll the first Pis. Only their hashes are in hub.db, so the
/// files can go once their tokens are kept elsewhere; the hub does not write them again (admin.token only when no
/// admin token is left at all, to let the operator back in).
/// </summary>
internal static class TokenFiles
{
    /// <summary>Overwrites and removes both files, durably; returns the paths it removed.</summary>
    public static IReadOnlyList<string> Forget(string dataDirectory)
    {
        var removed = new List<string>();
        foreach (var name in new[] { SecurityExtensions.AdminTokenFile, SecurityExtensions.JoinTokenFile })
        {
            var path = Path.Join(dataDirectory, name);
            if (File.Exists(path))
            {
                SealedFile.Shred(path);
                removed.Add(path);
            }
        }
        return removed;
    }
}
