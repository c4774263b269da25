namespace PiController.KubeApiDouble.Resources;

/// <summary>A column of <c>kubectl get</c>: a CRD's additionalPrinterColumns entry, or one of a built-in kind's.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", int Priority = 0, string Format = "");
