namespace PiController.Hub.Resources;

/// <summary>The three kinds' contracts.</summary>
internal static class ResourceTypes
{
    public static ResourceType<GpioSpec> Gpio { get; } = new(ResourceKind.GpioPin, ResourceJson.Compact.GpioSpec,
        ResourcesJsonContext.Default.ResourceDocumentGpioSpec, ResourcesJsonContext.Default.ListResourceDocumentGpioSpec, SpecRules.Check);

    public static ResourceType<PwmSpec> Pwm { get; } = new(ResourceKind.PwmController, ResourceJson.Compact.PwmSpec,
        ResourcesJsonContext.Default.ResourceDocumentPwmSpec, ResourcesJsonContext.Default.ListResourceDocumentPwmSpec, SpecRules.Check);

    public static ResourceType<I2cSpec> I2c { get; } = new(ResourceKind.I2cDevice, ResourceJson.Compact.I2cSpec,
        ResourcesJsonContext.Default.ResourceDocumentI2cSpec, ResourcesJsonContext.Default.ListResourceDocumentI2cSpec, SpecRules.Check);

    public static IResourceType Of(ResourceKind kind) => kind switch
    {
        ResourceKind.GpioPin => Gpio,
        ResourceKind.PwmController => Pwm,
        _ => I2c,
    };

    /// <summary>The meaning of a stored spec, or null when it no longer passes the rules.</summary>
    public static ValidSpec? Desired(ResourceKind kind, string specJson) => Of(kind).Check(specJson, []);
}
