using Microsoft.Data.Sqlite;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// SSH targets in SQLite (<c>ssh_targets</c>, <c>ssh_target_jumps</c>), their one writer. Credentials are sealed with
/// the hub's <see cref="SecretBox"/> before they reach the database, each for the purpose <c>ssh-credential:NAME</c>
/// or <c>ssh-sudo:NAME</c> (a sealed value copied to another row does not open), and opened only by
/// <see cref="Credentials"/> when a connection is made.
/// </summary>
internal sealed class SshTargetStore(HubDatabase database, SecretBox secrets, TimeProvider time)
{
    private const string Columns = "name, host, port, user, auth, sudo_password IS NOT NULL, host_key_algorithm, host_key_sha256, host_key_pinned_at, created_at";

    /// <summary>Inserts a checked target with its jump chain; false when the name is taken.</summary>
    public bool Add(SshTargetCreateRequest request, int port)
    {
        var auth = request.PrivateKey is not null ? "key" : "password";
        using var transaction = database.Begin();
        var inserted = database.Execute(
            "INSERT INTO ssh_targets (name, host, port, user, auth, credential, sudo_password, created_at) " +
            "VALUES ($n, $h, $p, $u, $a, $c, $s, $t) ON CONFLICT (name) DO NOTHING",
            ("$n", request.Name), ("$h", request.Host), ("$p", port), ("$u", request.User), ("$a", auth),
            ("$c", secrets.SealString(request.PrivateKey ?? request.Password!, CredentialPurpose(request.Name))),
            ("$s", request.SudoPassword is { } sudo ? secrets.SealString(sudo, SudoPurpose(request.Name)) : null),
            ("$t", time.GetUtcNow().ToUnixTimeMilliseconds()));
        if (inserted == 0)
        {
            return false;
        }
        var jumps = request.Jumps ?? [];
        for (var i = 0; i < jumps.Count; i++)
        {
            database.Execute("INSERT INTO ssh_target_jumps (name, position, jump) VALUES ($n, $i, $j)", ("$n", request.Name), ("$i", i), ("$j", jumps[i]));
        }
        transaction.Commit();
        return true;
    }

    public IReadOnlyList<SshTarget> List()
    {
        var jumps = Jumps(null);
        return database.Query($"SELECT {Columns} FROM ssh_targets ORDER BY name", r => Read(r, jumps));
    }

    public SshTarget? Get(string name) =>
        database.Query($"SELECT {Columns} FROM ssh_targets WHERE name = $n", r => Read(r, Jumps(name)), ("$n", name)).FirstOrDefault();

    /// <summary>The targets whose chain goes through <paramref name="name"/>.</summary>
    public IReadOnlyList<string> UsersOfJump(string name) =>
        database.Query("SELECT DISTINCT name FROM ssh_target_jumps WHERE jump = $n ORDER BY name", r => r.GetString(0), ("$n", name));

    public bool Delete(string name) => database.Execute("DELETE FROM ssh_targets WHERE name = $n", ("$n", name)) > 0;

    /// <summary>Records the host key seen on the first connection; false when another key was pinned in the meantime.</summary>
    public bool PinOnFirstUse(string name, string algorithm, string fingerprint) =>
        database.Execute(
            "UPDATE ssh_targets SET host_key_algorithm = $a, host_key_sha256 = $f, host_key_pinned_at = $t WHERE name = $n AND host_key_sha256 IS NULL",
            ("$n", name), ("$a", algorithm), ("$f", fingerprint), ("$t", time.GetUtcNow().ToUnixTimeMilliseconds())) > 0;

    /// <summary>Fills in the algorithm of a key that was accepted by fingerprint alone, once it is seen.</summary>
    public void NoteAlgorithm(string name, string algorithm, string fingerprint) =>
        database.Execute("UPDATE ssh_targets SET host_key_algorithm = $a WHERE name = $n AND host_key_sha256 = $f AND host_key_algorithm = ''",
            ("$n", name), ("$a", algorithm), ("$f", fingerprint));

    /// <summary>Trusts <paramref name="fingerprint"/> from now on (a reinstalled host); false when there is no such target.</summary>
    public bool Accept(string name, string fingerprint) =>
        database.Execute(
            "UPDATE ssh_targets SET host_key_algorithm = '', host_key_sha256 = $f, host_key_pinned_at = $t WHERE name = $n",
            ("$n", name), ("$f", fingerprint), ("$t", time.GetUtcNow().ToUnixTimeMilliseconds())) > 0;

    /// <summary>The target's secrets, opened for one connection.</summary>
    public SshCredentials Credentials(string name)
    {
        var row = database.Query("SELECT auth, credential, sudo_password FROM ssh_targets WHERE name = $n",
            r => (Auth: r.GetString(0), Credential: r.GetString(1), Sudo: r.IsDBNull(2) ? null : r.GetString(2)), ("$n", name)).FirstOrDefault();
        if (row.Credential is null)
        {
            throw new InvalidOperationException($"no ssh target {name}");
        }
        var credential = secrets.OpenString(row.Credential, CredentialPurpose(name));
        var sudo = row.Sudo is { } sealedSudo ? secrets.OpenString(sealedSudo, SudoPurpose(name)) : null;
        return row.Auth == "key" ? new SshCredentials(credential, null, sudo) : new SshCredentials(null, credential, sudo);
    }

    private static string CredentialPurpose(string name) => "ssh-credential:" + name;

    private static string SudoPurpose(string name) => "ssh-sudo:" + name;

    private Dictionary<string, List<string>> Jumps(string? name)
    {
        var chains = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var rows = database.Query("SELECT name, jump FROM ssh_target_jumps WHERE $n IS NULL OR name = $n ORDER BY name, position",
            r => (r.GetString(0), r.GetString(1)), ("$n", name));
        foreach (var (target, jump) in rows)
        {
            (chains.TryGetValue(target, out var chain) ? chain : chains[target] = []).Add(jump);
        }
        return chains;
    }

    private static SshTarget Read(SqliteDataReader r, Dictionary<string, List<string>> jumps)
    {
        var name = r.GetString(0);
        var user = r.GetString(3);
        var sudo = r.GetBoolean(5) ? "password" : user == "root" ? "root" : "nopasswd";
        var key = r.IsDBNull(7) ? null
            : new SshHostKey(r.IsDBNull(6) ? "" : r.GetString(6), r.GetString(7), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)));
        return new SshTarget(name, r.GetString(1), r.GetInt32(2), user, r.GetString(4), sudo,
            jumps.TryGetValue(name, out var chain) ? chain : [], key, DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)));
    }
}
