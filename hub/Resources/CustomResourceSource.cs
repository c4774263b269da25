namespace PiController.Hub.Resources;

/// <summary>
/// The custom resource a hub resource is the projection of. In a managed cluster the GPIOPin, PWMController or
/// I2CDevice object is the source of truth for its pin: the cluster manager writes the hub resource from it, and the
/// hub API refuses to change the projection (<see cref="Refusal"/> names the object and the kubectl command that does).
/// </summary>
internal sealed record CustomResourceSource(string Cluster, string Namespace, string Name)
{
    /// <summary>kubectl's name of the kind: gpiopin, pwmcontroller, i2cdevice.</summary>
    public static string KubectlKind(ResourceKind kind) => kind.Name().ToLowerInvariant();

    /// <summary>The 409 answer to a change through the hub API; <paramref name="verb"/> is kubectl's (edit, delete).</summary>
    public string Refusal(ResourceRef resource, string verb) =>
        $"{resource} is the projection of the custom resource {KubectlKind(resource.Kind)} {Namespace}/{Name} in cluster {Cluster}, its source of truth; "
        + $"change it there: kubectl -n {Namespace} {verb} {KubectlKind(resource.Kind)} {Name} (the context {Cluster}: pi-controller cluster kubeconfig {Cluster} --merge)";
}
