namespace PiController.K3sStandIn.Server;

/// <summary>
/// What a joining server receives from /v1-k3s/server-bootstrap: the CA files it needs to serve as the same cluster
/// (file name under server/tls to content). K3s sends more (all CAs, the etcd and encryption config, the passwd file)
/// and encrypts it with the server token; the stand-in sends it only after the joining server checked this server
/// against the token's CA hash and proved the server password, over that verified TLS connection.
/// </summary>
internal sealed record BootstrapData(IReadOnlyDictionary<string, string> Files);
