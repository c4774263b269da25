using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PiController.Hub.Packaging;

/// <summary>
/// One .deb file as an apt index lists it: its control paragraph exactly as the package carries it, then where
/// it is and its hashes. The control file is read with dpkg-deb (part of dpkg, on every Debian system), which
/// handles every compression a .deb may use.
/// </summary>
internal sealed partial record DebPackage(string Control, string Name, string Version, string Architecture, long Size, string Sha256)
{
    /// <summary>The name apt's pool uses: name_version_architecture.deb, without an epoch.</summary>
    public string PoolFileName => $"{Name}_{(Version.Contains(':', StringComparison.Ordinal) ? Version[(Version.IndexOf(':', StringComparison.Ordinal) + 1)..] : Version)}_{Architecture}.deb";

    public static DebPackage Read(string path)
    {
        var control = ReadControl(path).TrimEnd('\n');
        string Field(string name)
        {
            var match = Regex.Match(control, $"^{name}:[ \t]*(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
            return match.Success ? match.Groups[1].Value.Trim() : throw new DebPackageException($"{path}: the control file has no {name} field");
        }
        var name = Field("Package");
        var version = Field("Version");
        var architecture = Field("Architecture");
        if (!PackageName().IsMatch(name) || !PackageVersion().IsMatch(version) || !ArchitectureName().IsMatch(architecture))
        {
            throw new DebPackageException($"{path}: Package \"{name}\", Version \"{version}\" or Architecture \"{architecture}\" is not valid");
        }
        using var stream = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new DebPackage(control, name, version, architecture, stream.Length, sha256);
    }

    /// <summary>The paragraph of a Packages file: the control fields, then Filename, Size and SHA256.</summary>
    public string IndexEntry(string filename) =>
        $"{Control}\nFilename: {filename}\nSize: {Size}\nSHA256: {Sha256}\n";

    private static string ReadControl(string path)
    {
        if (!File.Exists(path))
        {
            throw new DebPackageException($"{path} does not exist");
        }
        var info = new ProcessStartInfo("dpkg-deb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--info");
        info.ArgumentList.Add(Path.GetFullPath(path));
        info.ArgumentList.Add("control");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DebPackageException("dpkg-deb did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DebPackageException($"dpkg-deb is needed to read {path} ({e.Message}); install dpkg");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new DebPackageException($"{path} is not a Debian package: {error.Result.Trim()}");
            }
            return output;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.+-]+$")]
    private static partial Regex PackageName();

    [GeneratedRegex("^[0-9][A-Za-z0-9.+~:-]*$")]
    private static partial Regex PackageVersion();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ArchitectureName();
}
