namespace PiController.KubeApiDouble;

/// <summary>What the double answers as: the Kubernetes version it reports on /version unless its host says otherwise.</summary>
public static class ApiDoubleInfo
{
    public const string DefaultGitVersion = "v1.33.4+k3s1";
}
