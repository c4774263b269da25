using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Cli;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Security;

/// <summary>admin.token and join.token: cleartext hand-over files that the operator can remove for good.</summary>
public sealed class TokenFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HubDatabase _database;
    private readonly ApiTokenStore _apiTokens;
    private readonly JoinTokenStore _joinTokens;

    public TokenFilesTests()
    {
        _database = _directory.MigratedDatabase();
        _apiTokens = new ApiTokenStore(_database, _time);
        _joinTokens = new JoinTokenStore(_database, CertificateAuthority.LoadOrCreate(_directory.Path, [], TimeProvider.System), _time);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_removed_join_token_file_is_not_written_again_at_the_next_start()
    {
        Assert.NotNull(SecurityExtensions.EnsureJoinToken(_joinTokens, _directory.Path));
        File.Delete(_directory.File(SecurityExtensions.JoinTokenFile));

        Assert.Null(SecurityExtensions.EnsureJoinToken(_joinTokens, _directory.Path));

        Assert.False(File.Exists(_directory.File(SecurityExtensions.JoinTokenFile)));
        Assert.Single(_joinTokens.List());
    }

    [Fact]
    public void Forgetting_the_token_files_removes_both_and_the_next_start_writes_neither_while_the_tokens_still_work()
    {
        var admin = SecurityExtensions.EnsureAdminToken(_apiTokens, _directory.Path)!;
        var join = SecurityExtensions.EnsureJoinToken(_joinTokens, _directory.Path)!;
        var adminToken = File.ReadAllText(admin).Trim();
        var joinToken = File.ReadAllText(join).Trim();

        var removed = TokenFiles.Forget(_directory.Path);

        Assert.Equal([admin, join], removed);
        Assert.Null(SecurityExtensions.EnsureAdminToken(_apiTokens, _directory.Path));
        Assert.Null(SecurityExtensions.EnsureJoinToken(_joinTokens, _directory.Path));
        Assert.False(File.Exists(admin));
        Assert.False(File.Exists(join));
        Assert.Equal(ApiRole.Admin, _apiTokens.Verify(adminToken, out _)?.Role);
        Assert.Equal(joinToken, _joinTokens.Check(joinToken).ToString());
    }

    [Fact]
    public void The_cli_verb_forget_files_removes_the_files_of_the_data_directory()
    {
        SecurityExtensions.EnsureAdminToken(_apiTokens, _directory.Path);
        SecurityExtensions.EnsureJoinToken(_joinTokens, _directory.Path);

        var exit = HubCommandLine.Build().Parse(["token", "forget-files", "--data-dir", _directory.Path]).Invoke();

        Assert.Equal(0, exit);
        Assert.False(File.Exists(_directory.File(SecurityExtensions.AdminTokenFile)));
        Assert.False(File.Exists(_directory.File(SecurityExtensions.JoinTokenFile)));
    }
}
