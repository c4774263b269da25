using Microsoft.Extensions.DependencyInjection.Extensions;
using PiController.Hub.Security;

namespace PiController.Hub.Packaging;

/// <summary>
/// /apt/: the hub's apt repository, so a Pi on the LAN installs and upgrades pi-controller-agent with no internet.
/// Anonymous on purpose: apt cannot send a bearer token, the packages are public, and their integrity comes from
/// the signed InRelease (checked by apt against the key the Pi was given) and the hashes it lists. A Pi trusts
/// the hub's TLS certificate through the CA it pinned from its join token, as for everything else.
/// </summary>
internal static class AptRepositoryEndpoints
{
    public const string Prefix = "/apt";

    /// <summary>Where the hub's Debian package puts the agent packages it brings along.</summary>
    public const string BundledPackagesDirectory = "/usr/share/pi-controller/packages";

    public static IServiceCollection AddAptRepository(this IServiceCollection services, string dataDirectory)
    {
        services.TryAddSingleton(provider =>
        {
            return new AptRepository(
                Path.Join(dataDirectory, "apt"),
                () => AptRepository.LoadKey(dataDirectory, provider.GetRequiredService<SecretBox>(), provider.GetRequiredService<TimeProvider>()),
                Environment.GetEnvironmentVariable("PI_CONTROLLER_BUNDLED_PACKAGES") ?? BundledPackagesDirectory,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("PiController.Hub.Packaging"));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAptRepository(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Prefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], Serve)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? path, HttpRequest request, AptRepository repository)
    {
        if (string.IsNullOrEmpty(path))
        {
            return TypedResults.Text(SourcesHint($"https://{request.Host}{Prefix}"), "text/plain; charset=utf-8");
        }
        if (path.StartsWith("dists/", StringComparison.Ordinal) || path.StartsWith("pi-controller.", StringComparison.Ordinal))
        {
            repository.Refresh();
        }
        if (repository.Resolve(path) is not { } file)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.PhysicalFile(file, ContentType(path), lastModified: File.GetLastWriteTimeUtc(file), enableRangeProcessing: true);
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".deb" => "application/vnd.debian.binary-package",
        ".asc" => "application/pgp-keys",
        ".gpg" when path.EndsWith("Release.gpg", StringComparison.Ordinal) => "application/pgp-signature",
        ".gpg" => "application/pgp-keys",
        _ => "text/plain; charset=utf-8",
    };

    private static string SourcesHint(string uri) => $"""
        Pi-Controller apt repository. On a Pi, as root (the README's "Install on a Pi" has every step):

          curl -fsS --cacert /etc/pi-controller/hub-ca.crt -o /etc/apt/keyrings/pi-controller.gpg {uri}/{AptRepository.PublicKeyBinary}

        /etc/apt/sources.list.d/pi-controller.sources:

          Types: deb
          URIs: {uri}
          Suites: {AptIndex.Suite}
          Components: {AptIndex.Component}
          Signed-By: /etc/apt/keyrings/pi-controller.gpg
          Check-Date: no

        """;
}
