namespace PiController.Hub.Cli;

/// <summary>What the command line says about the hub to use; null where it says nothing (see <see cref="HubConnectionSettings.Resolve"/>).</summary>
internal sealed record ConnectionFlags(string? Hub, string? Token, string? CaFingerprint, string? DataDirectory, string? Context, string? Config)
{
    public const string HubVariable = "PI_CONTROLLER_HUB";
    public const string TokenVariable = "PI_CONTROLLER_TOKEN";
    public const string CaFingerprintVariable = "PI_CONTROLLER_CA_FINGERPRINT";
    public const string DataDirectoryVariable = "PI_CONTROLLER_DATA_DIR";
    public const string ContextVariable = "PI_CONTROLLER_CONTEXT";
}
