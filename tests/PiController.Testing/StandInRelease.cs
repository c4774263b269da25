namespace PiController.Testing;

/// <summary>
/// Copies of the stand-in k3s that claim another K3s release, for upgrade tests: the binary with the trailer line
/// <c>K3S_STANDIN_VERSION=VERSION</c> appended (the stand-in reads its own executable's last line; an ELF file with
/// bytes appended still runs). Different bytes, so a different sha256, as two real releases have.
/// </summary>
public static class StandInRelease
{
    /// <summary>
    /// Writes a copy of <paramref name="binary"/> claiming <paramref name="version"/> as <paramref name="destination"/>
    /// (mode 0755). A JIT build's apphost needs its k3s.dll beside it: copy such a build into the same directory
    /// under another name; the NativeAOT binary (artifacts/k3s-standin) goes anywhere.
    /// </summary>
    public static string Write(string binary, string version, string destination)
    {
        if (version.Length == 0 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-'))
        {
            throw new ArgumentException($"\"{version}\" is not a K3s version such as v1.34.1+k3s1", nameof(version));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        File.Copy(binary, destination, overwrite: true);
        File.AppendAllText(destination, $"\nK3S_STANDIN_VERSION={version}\n");
        File.SetUnixFileMode(destination, (UnixFileMode)Convert.ToInt32("755", 8));
        return destination;
    }
}
