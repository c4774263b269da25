namespace PiController.Hub.Resources;

/// <summary>A resource by kind and name: what holds a claim on a pin or device.</summary>
internal sealed record ResourceRef(ResourceKind Kind, string Name)
{
    /// <summary>Its REST path under /api/v1: gpio/porch-light.</summary>
    public string Path => $"{Kind.Path()}/{Name}";

    /// <summary>As people read it in messages: GPIOPin/porch-light.</summary>
    public override string ToString() => $"{Kind.Name()}/{Name}";
}
