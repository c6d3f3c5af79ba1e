using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Magpie.Benchmarks.Runner;

/// <summary>A contender's process: started with its arguments, its stdout read line by line for the
/// <c>READY</c> / <c>RESULT {json}</c> protocol, every wait bounded in time.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonObject> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _stderr = new();
    private readonly string _name;

    private ChildProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    public static ChildProcess Start(string name, ProcessCommand command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = command.ToStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (child._stderr)
                    child._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return child;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(timeout);
        if (first != _ready.Task)
            throw Failure("exited before it was ready");
    }

    public async Task<JsonObject> WaitResultAsync(TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"did not finish within {timeout.TotalSeconds:0} s");
        }
        if (_result.Task.IsCompleted)
            return await _result.Task;
        throw Failure($"exited with code {_process.ExitCode} and no result");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        if (line == "READY")
            _ready.TrySetResult();
        else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            _result.TrySetResult(JsonNode.Parse(line["RESULT ".Length..])!.AsObject());
    }

    private InvalidOperationException Failure(string what)
    {
        string err;
        lock (_stderr)
            err = _stderr.ToString();
        var tail = string.Join('\n', err.Split('\n').TakeLast(15));
        return new InvalidOperationException($"{_name} {what}.\n{tail}");
    }
}
