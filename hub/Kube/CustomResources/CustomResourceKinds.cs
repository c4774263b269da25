using PiController.Hub.Kube.Informers;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// The three custom resources of <c>hardware.pi-controller.io/v1</c> (deploy/crds) and the hub resource kind each is
/// projected into.
/// </summary>
internal static class CustomResourceKinds
{
    public const string Group = "hardware.pi-controller.io";
    public const string ApiVersion = Group + "/v1";

    /// <summary>Held by every custom resource the hub projects, until the agent has released its pin.</summary>
    public const string Finalizer = Group + "/release-pin";

    public static readonly KubeKind GpioPins = new("GPIOPin", Group, "v1", "gpiopins", true);
    public static readonly KubeKind PwmControllers = new("PWMController", Group, "v1", "pwmcontrollers", true);
    public static readonly KubeKind I2cDevices = new("I2CDevice", Group, "v1", "i2cdevices", true);

    public static IReadOnlyList<KubeKind> All { get; } = [GpioPins, PwmControllers, I2cDevices];

    public static KubeKind Of(ResourceKind kind) => kind switch
    {
        ResourceKind.GpioPin => GpioPins,
        ResourceKind.PwmController => PwmControllers,
        _ => I2cDevices,
    };

    /// <summary>The hub kind of a custom resource kind, or null for any other kind.</summary>
    public static ResourceKind? HubKind(KubeKind kind) => kind.Plural switch
    {
        "gpiopins" when kind.Group == Group => ResourceKind.GpioPin,
        "pwmcontrollers" when kind.Group == Group => ResourceKind.PwmController,
        "i2cdevices" when kind.Group == Group => ResourceKind.I2cDevice,
        _ => null,
    };

    /// <summary>A key the part queues itself for one object: PLURAL/NAMESPACE/NAME.</summary>
    public static string OwnKey(ResourceKind kind, string ns, string name) => $"{Of(kind).Plural}/{ns}/{name}";

    /// <summary>The kind and object key (NAMESPACE/NAME) of an own key; null when it is not one.</summary>
    public static (KubeKind Kind, string Key)? ParseOwnKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }
        var kind = All.FirstOrDefault(k => k.Plural == key[..slash]);
        return kind is null ? null : (kind, key[(slash + 1)..]);
    }
}
