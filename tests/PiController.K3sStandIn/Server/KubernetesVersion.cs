namespace PiController.K3sStandIn.Server;

/// <summary>The body of /version, the fields of Kubernetes' version.Info that the stand-in can state truthfully.</summary>
internal sealed record KubernetesVersion(string Major, string Minor, string GitVersion, string Platform);
