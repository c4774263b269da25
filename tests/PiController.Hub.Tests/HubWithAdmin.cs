using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;

namespace PiController.Hub.Tests;

/// <summary>An in-process hub on a fake clock, with an admin's client: the set-up of tests that manage tokens.</summary>
public abstract class HubWithAdmin : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    internal InProcessHub Hub { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await InProcessHub.StartAsync(services => services.AddSingleton<TimeProvider>(Time));
        Admin = Hub.Http(Hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Hub.DisposeAsync();
    }
}
