using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Cli;
using PiController.Hub.Cli.Contexts;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// Where the hub, its CA fingerprint and the token come from, field by field: flags, then the environment, then the
/// chosen context (--context, PI_CONTROLLER_CONTEXT, current-context), then the hub's data directory on this machine.
/// </summary>
public sealed class ConnectionPrecedenceTests : IDisposable
{
    private static readonly string ContextPin = new('c', 64);
    private static readonly string OtherPin = new('d', 64);
    private static readonly string EnvironmentPin = new('e', 64);
    private static readonly string FlagPin = new('f', 64);
    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public ConnectionPrecedenceTests()
    {
        var home = _directory.Directory("xdg");
        _environment["XDG_CONFIG_HOME"] = home;
        var file = new ClientConfigFile(Path.Join(home, "pi-controller", "config"));
        var config = ClientConfig.Empty
            .With(new HubContext("home", new Uri("https://home.example:8443"), ContextPin, file.SaveToken("home", "token-of-home"), null))
            .With(new HubContext("lab", new Uri("https://lab.example:9443"), OtherPin, null, "LAB_TOKEN"));
        file.Save(config with { CurrentContext = "home" });
        _environment["LAB_TOKEN"] = "token-of-lab";
    }

    public void Dispose() => _directory.Dispose();

    private HubConnectionSettings Resolve(string? hub = null, string? token = null, string? pin = null, string? context = null, string? config = null, string? data = null) =>
        HubConnectionSettings.Resolve(new ConnectionFlags(hub, token, pin, data ?? _directory.File("no-data"), context, config), name => _environment.GetValueOrDefault(name));

    [Fact]
    public void The_current_context_gives_what_no_flag_or_variable_gives()
    {
        var settings = Resolve();

        Assert.Equal(new Uri("https://home.example:8443"), settings.Hub);
        Assert.Equal(ContextPin, settings.CaFingerprint);
        Assert.Equal("token-of-home", settings.Token);
    }

    [Fact]
    public void Variables_beat_the_context_and_flags_beat_variables()
    {
        _environment["PI_CONTROLLER_HUB"] = "https://env.example:8443";
        _environment["PI_CONTROLLER_CA_FINGERPRINT"] = EnvironmentPin;
        _environment["PI_CONTROLLER_TOKEN"] = "token-of-env";

        var fromEnvironment = Resolve();
        Assert.Equal((new Uri("https://env.example:8443"), EnvironmentPin, "token-of-env"), (fromEnvironment.Hub, fromEnvironment.CaFingerprint, fromEnvironment.Token));

        var fromFlags = Resolve(hub: "https://flag.example:8443", token: "token-of-flag", pin: FlagPin);
        Assert.Equal((new Uri("https://flag.example:8443"), FlagPin, "token-of-flag"), (fromFlags.Hub, fromFlags.CaFingerprint, fromFlags.Token));
    }

    [Fact]
    public void Each_field_is_taken_on_its_own()
    {
        var settings = Resolve(hub: "https://flag.example:8443");

        Assert.Equal(new Uri("https://flag.example:8443"), settings.Hub);
        Assert.Equal(ContextPin, settings.CaFingerprint);
        Assert.Equal("token-of-home", settings.Token);
    }

    [Fact]
    public void The_context_flag_beats_the_context_variable_which_beats_the_current_context()
    {
        _environment["PI_CONTROLLER_CONTEXT"] = "lab";
        Assert.Equal(("token-of-lab", OtherPin), (Resolve().Token, Resolve().CaFingerprint));

        Assert.Equal("token-of-home", Resolve(context: "home").Token);

        var missing = Assert.Throws<CliException>(() => Resolve(context: "attic"));
        Assert.Contains("no context \"attic\"", missing.Message, StringComparison.Ordinal);
        Assert.Contains("the contexts are home, lab", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_flag_beats_the_config_variable_which_beats_the_XDG_location()
    {
        var other = new ClientConfigFile(_directory.File("other/config"));
        other.Save(ClientConfig.Empty.With(new HubContext("other", new Uri("https://other.example:8443"), OtherPin, other.SaveToken("other", "token-of-other"), null)) with { CurrentContext = "other" });
        var third = new ClientConfigFile(_directory.File("third/config"));
        third.Save(ClientConfig.Empty.With(new HubContext("third", new Uri("https://third.example:8443"), OtherPin, third.SaveToken("third", "token-of-third"), null)) with { CurrentContext = "third" });

        _environment["PI_CONTROLLER_CONFIG"] = other.Path;
        Assert.Equal("token-of-other", Resolve().Token);
        Assert.Equal("token-of-third", Resolve(config: third.Path).Token);
    }

    [Fact]
    public void Without_a_context_the_hubs_data_directory_on_this_machine_is_used()
    {
        _environment["XDG_CONFIG_HOME"] = _directory.Directory("empty-xdg");
        var data = _directory.Directory("data");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = new CertificateRequest("CN=test CA", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Join(data, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Join(data, "admin.token"), "token-of-admin\n");

        var settings = Resolve(data: data);

        Assert.Equal(new Uri("https://127.0.0.1:8443"), settings.Hub);
        Assert.Equal(HubTrust.Fingerprint(ca), settings.CaFingerprint);
        Assert.Equal("token-of-admin", settings.Token);
    }

    [Fact]
    public void A_context_whose_token_variable_is_not_set_says_which_variable()
    {
        _environment.Remove("LAB_TOKEN");

        var error = Assert.Throws<CliException>(() => Resolve(context: "lab"));

        Assert.Contains("takes its API token from $LAB_TOKEN, which is not set", error.Message, StringComparison.Ordinal);
    }
}
