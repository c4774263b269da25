namespace PiController.Hub.Kube.CustomResources;

/// <summary>One CustomResourceDefinition: its name (PLURAL.GROUP) and its JSON.</summary>
internal sealed record CrdManifest(string Name, string Json);
