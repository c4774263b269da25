using System.Text;
using PiController.Protocol.Storage;
using YamlDotNet.Core;

namespace PiController.Hub.Cli.Contexts;

/// <summary>
/// The client config file: <c>--config</c>, else <c>PI_CONTROLLER_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/pi-controller/config</c> (default <c>~/.config/pi-controller/config</c>). YAML, read and
/// written with YamlDotNet's representation model; written whole and atomically (<see cref="DurableFile"/>), mode
/// 0600 in a 0700 directory. Token files written by <c>login</c> go to <c>tokens/NAME.token</c> beside it.
/// </summary>
internal sealed class ClientConfigFile(string path)
{
    public const string EnvironmentVariable = "PI_CONTROLLER_CONFIG";
    private const long MaxLength = 1024 * 1024;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static ClientConfigFile Locate(string? flag, Func<string, string?> environment)
    {
        if ((flag ?? environment(EnvironmentVariable)) is { Length: > 0 } explicitPath)
        {
            return new ClientConfigFile(explicitPath);
        }
        // XDG: a relative XDG_CONFIG_HOME is invalid and ignored.
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Join(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ClientConfigFile(System.IO.Path.Join(configHome, "pi-controller", "config"));
    }

    /// <summary>The config, or <see cref="ClientConfig.Empty"/> when there is no file yet.</summary>
    public ClientConfig Load()
    {
        if (System.IO.Directory.Exists(Path))
        {
            throw new CliException($"the client config {Path} is a directory; name a file with --config or {EnvironmentVariable}");
        }
        string text;
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                return ClientConfig.Empty;
            }
            if (info.Length > MaxLength)
            {
                throw new CliException($"the client config {Path} is {info.Length:N0} bytes; a config is a few hundred: is it the right file?");
            }
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the client config {Path}: {e.Message}");
        }
        try
        {
            return ClientConfigYaml.Parse(text);
        }
        catch (YamlException e)
        {
            throw new CliException($"{Path} line {e.Start.Line}: {ClientConfigYaml.Message(e)}; fix it, or remove it and log in again");
        }
    }

    public void Save(ClientConfig config)
    {
        CreatePrivateDirectory(Directory);
        DurableFile.Write(Path, Encoding.UTF8.GetBytes(ClientConfigYaml.Write(config)), DurableFile.OwnerOnly);
    }

    /// <summary>Writes a context's token to <c>tokens/NAME.token</c> (0600, in a 0700 directory) and returns that relative path.</summary>
    public string SaveToken(string contextName, string token)
    {
        var relative = System.IO.Path.Join("tokens", contextName + ".token");
        CreatePrivateDirectory(Directory);
        CreatePrivateDirectory(System.IO.Path.Join(Directory, "tokens"));
        DurableFile.Write(System.IO.Path.Join(Directory, relative), Encoding.UTF8.GetBytes(token + "\n"), DurableFile.OwnerOnly);
        return relative;
    }

    /// <summary>Removes a token file this config wrote (under tokens/); a file named by hand elsewhere is left alone.</summary>
    public void DeleteToken(HubContext context)
    {
        if (context.TokenFile is { } file && System.IO.Path.GetFullPath(System.IO.Path.Join(Directory, file)) is var full
            && full.StartsWith(System.IO.Path.Join(Directory, "tokens") + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            DurableFile.Delete(full);
        }
    }

    private static void CreatePrivateDirectory(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory, PrivateDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot create {directory}: {e.Message}; pass --config to keep the client config elsewhere");
        }
    }
}
