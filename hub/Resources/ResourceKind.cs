namespace PiController.Hub.Resources;

/// <summary>The three hardware resource kinds, named as the Kubernetes custom resources that will mirror them.</summary>
internal enum ResourceKind
{
    GpioPin,
    PwmController,
    I2cDevice,
}

internal static class ResourceKinds
{
    public static IReadOnlyList<ResourceKind> All { get; } = [ResourceKind.GpioPin, ResourceKind.PwmController, ResourceKind.I2cDevice];

    /// <summary>The kind as it appears in documents and in the database: GPIOPin, PWMController, I2CDevice.</summary>
    public static string Name(this ResourceKind kind) => kind switch
    {
        ResourceKind.GpioPin => "GPIOPin",
        ResourceKind.PwmController => "PWMController",
        _ => "I2CDevice",
    };

    /// <summary>The REST collection: /api/v1/gpio, /api/v1/pwm, /api/v1/i2c.</summary>
    public static string Path(this ResourceKind kind) => kind switch
    {
        ResourceKind.GpioPin => "gpio",
        ResourceKind.PwmController => "pwm",
        _ => "i2c",
    };

    /// <summary>Accepts the kind name or the path, in any case: "GPIOPin", "gpio", "pwmcontroller", "i2c".</summary>
    public static ResourceKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "gpiopin" or "gpio" or "gpiopins" => ResourceKind.GpioPin,
        "pwmcontroller" or "pwm" or "pwmcontrollers" => ResourceKind.PwmController,
        "i2cdevice" or "i2c" or "i2cdevices" => ResourceKind.I2cDevice,
        _ => null,
    };
}
