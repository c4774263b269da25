namespace PiController.Hub.Hardware;

/// <summary>The resource that manages a pin or device: its kind as people read it (GPIOPin), its name, its REST path (gpio/porch-light).</summary>
internal sealed record ManagedBy(string Kind, string Name, string Path)
{
    public override string ToString() => $"{Kind}/{Name}";
}
