namespace PiController.Hub.Kube.Informers;

/// <summary>An informer's cache of one kind in one cluster: read-only for the parts.</summary>
internal interface IKubeCache
{
    /// <summary>The first full list has been read (nothing is reconciled before).</summary>
    bool Synced { get; }

    /// <summary>The object with this key (NAMESPACE/NAME or NAME), or null.</summary>
    KubeObject? Get(string key);

    IReadOnlyList<KubeObject> List();
}
