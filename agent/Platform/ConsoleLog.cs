using Microsoft.Extensions.Logging;

namespace PiController.Agent.Platform;

/// <summary>
/// The agent's log: one line per event on stderr. Under systemd (JOURNAL_STREAM set) each line starts with a
/// syslog priority such as <c>&lt;4&gt;</c>, which journald turns into the entry's level, and carries no timestamp
/// (the journal adds its own). Written here rather than taken from Microsoft.Extensions.Logging.Console, which
/// brings dependency injection, options and configuration binding into a binary that needs none of them.
/// </summary>
internal sealed class ConsoleLog(LogLevel minimum, bool journal, TextWriter output) : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly LogLevel _minimum = minimum;

    public static ConsoleLog Create(LogLevel minimum) =>
        new(minimum, Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 }, Console.Error);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("the agent logs to stderr only");

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = journal
            ? $"<{Priority(level)}>{category}: {message}"
            : $"{DateTime.Now:HH:mm:ss.fff} {Name(level)}: {category}: {message}";
        if (exception is not null)
        {
            line += $" ({exception.GetType().Name}: {exception.Message})";
        }
        lock (_gate)
        {
            output.WriteLine(line);
        }
    }

    private static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit",
        LogLevel.Error => "fail",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        LogLevel.Debug => "dbug",
        _ => "trce",
    };

    private sealed class Logger(ConsoleLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= log._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }

}
