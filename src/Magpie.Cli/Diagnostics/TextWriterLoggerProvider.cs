using System.Collections.Concurrent;
using Magpie.Cli.Rendering;
using Microsoft.Extensions.Logging;

namespace Magpie.Cli.Diagnostics;

/// <summary>
/// <c>--verbose</c> logging: one sanitised line per entry on the CLI's stderr writer. Our own writer rather
/// than the console logger because log text carries server-controlled strings, and because tests capture stderr.
/// </summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, Logger> _loggers = new();
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new Logger(this, name));

    public void Dispose() => _loggers.Clear();

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var shortCategory = category[(category.LastIndexOf('.') + 1)..];
        var line = $"{DateTime.Now:HH:mm:ss.fff} {Level(level)} {shortCategory}: {SafeText.OneLine(message)}";
        if (exception is not null)
            line += " — " + SafeText.OneLine(exception.GetType().Name + ": " + exception.Message);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Logger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
