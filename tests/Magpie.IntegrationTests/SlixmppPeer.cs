using System.Diagnostics;
using System.Text.Json;
using Magpie.Prosody;

namespace Magpie.IntegrationTests;

/// <summary>A second party that is not Magpie: Peers/muc_peer.py, a slixmpp client run as a child process,
/// enters a room and talks there. Its stdout is one JSON event a line; commands go to its stdin.</summary>
internal sealed class SlixmppPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _events = [];
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private SlixmppPeer(Process process) => _process = process;

    /// <summary>Starts the peer: it logs in as <paramref name="jid"/> (trusting only the server's CA) and
    /// joins <paramref name="room"/> as <paramref name="nick"/>.</summary>
    public static SlixmppPeer Start(ProsodyServer server, string jid, string passwordFile, string room, string nick, int? history = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "muc_peer.py");
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "--jid", jid, "--password-file", passwordFile, "--host", server.Host,
                     "--port", server.C2sPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ca", server.CaCertificatePath,
                     "--room", room, "--nick", nick })
            info.ArgumentList.Add(arg);
        if (history is { } h)
        {
            info.ArgumentList.Add("--history");
            info.ArgumentList.Add(h.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        var peer = new SlixmppPeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line)
                return;
            lock (peer._gate)
                peer._events.Add(JsonDocument.Parse(line).RootElement.Clone());
            peer._arrived.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (peer._gate)
                peer._stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Everything the peer reported so far.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    /// <summary>Waits for the room's answer to the peer's join and fails unless it let the peer in
    /// (a locked or missing room answers item-not-found).</summary>
    public async Task AssertEnteredAsync()
    {
        var answer = await WaitForAsync("joined|join-error");
        Assert.True(answer.GetProperty("event").GetString() == "joined", $"the slixmpp peer could not enter the room: {answer}");
    }

    /// <summary>Waits for an event of kind <paramref name="kind"/> (alternatives separated by '|') that
    /// matches <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var kinds = kind.Split('|');
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Events.FirstOrDefault(e => kinds.Contains(e.GetProperty("event").GetString()) && (match is null || match(e)));
            if (found.ValueKind != JsonValueKind.Undefined)
                return found;
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the slixmpp peer reported no '{kind}'; events: {string.Join(" ", Events)}; stderr: {Stderr}");
            }
        }
    }

    /// <summary>Waits for a groupchat message with <paramref name="body"/> (from <paramref name="nick"/> when given).</summary>
    public Task<JsonElement> WaitForMessageAsync(string body, string? nick = null) =>
        WaitForAsync("message", e => e.GetProperty("body").GetString() == body && (nick is null || e.GetProperty("nick").GetString() == nick));

    /// <summary>Sends <paramref name="text"/> to the room.</summary>
    public async Task SayAsync(string text)
    {
        await _process.StandardInput.WriteLineAsync("say " + text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the peer to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    private string Stderr
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        _arrived.Dispose();
    }
}
