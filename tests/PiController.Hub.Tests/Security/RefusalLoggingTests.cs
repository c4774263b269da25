using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Security;

/// <summary>Refused requests do not write a log line each: a flood of them cannot fill the journal.</summary>
public sealed class RefusalLoggingTests
{
    [Fact]
    public async Task Refused_requests_write_no_line_each_and_the_block_is_logged_once()
    {
        var lines = new ConcurrentQueue<(string Category, LogLevel Level)>();
        await using var hub = await InProcessHub.StartAsync(services => services.AddSingleton<ILoggerProvider>(new CapturingProvider(lines)));
        using var wrong = hub.Http("pic_000000000000_guessed");

        for (var i = 0; i < 12; i++)
        {
            await wrong.GetAsync("/api/v1/nodes");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await wrong.GetAsync("/api/v1/nodes")).StatusCode);
        Assert.DoesNotContain(lines, l => l.Category == typeof(BearerAuthenticationHandler).FullName);
        Assert.Single(lines, l => l.Category == typeof(FailureRateLimitMiddleware).FullName && l.Level == LogLevel.Warning);
    }

    private sealed class CapturingProvider(ConcurrentQueue<(string, LogLevel)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class Capturing(string category, ConcurrentQueue<(string, LogLevel)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel));
    }
}
