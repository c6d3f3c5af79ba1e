using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Magpie.Testing.Faults;

/// <summary>How <see cref="FaultProxy.CutAll"/> ends connections.</summary>
public enum CutKind
{
    /// <summary>An abortive close: both peers see a TCP reset.</summary>
    Reset,
    /// <summary>A graceful close: both peers see end of stream (FIN), without any XMPP stream end.</summary>
    Close,
}

/// <summary>
/// A TCP proxy for fault injection: listens on a free 127.0.0.1 port and forwards each connection to a
/// target (Prosody's c2s port). It can cut every open connection at once, or stall them: stop forwarding
/// both ways without closing anything, as a dead NAT or Wi-Fi does. Stalls are bounded: the stalled
/// connections are reset after the given time. New connections are always forwarded normally.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptTask;
    private int _accepted;

    private FaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptTask = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts a proxy to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static FaultProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>The host to connect to.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The port the proxy listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were accepted so far.</summary>
    public int AcceptedCount => Volatile.Read(ref _accepted);

    /// <summary>How many connections are open now.</summary>
    public int OpenCount => _links.Count;

    /// <summary>Ends every open connection, on both sides.</summary>
    public int CutAll(CutKind kind = CutKind.Reset)
    {
        var count = 0;
        foreach (var link in _links.Keys)
        {
            link.Cut(kind);
            count++;
        }
        return count;
    }

    /// <summary>Stops forwarding on every open connection, both ways, without closing them; after
    /// <paramref name="bound"/> they are reset, so a stall never outlives a test.</summary>
    public int StallAll(TimeSpan bound)
    {
        var stalled = _links.Keys.ToList();
        foreach (var link in stalled)
            link.Stalled = true;
        _ = Task.Delay(bound, _stop.Token).ContinueWith(_ =>
        {
            foreach (var link in stalled)
                link.Cut(CutKind.Reset);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return stalled.Count;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        var link = new Link(client, server);
        _links.TryAdd(link, 0);
        try
        {
            await Task.WhenAll(PumpAsync(link, client, server), PumpAsync(link, server, client)).ConfigureAwait(false);
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Cut(CutKind.Close);
        }
    }

    private static async Task PumpAsync(Link link, Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, link.Token).ConfigureAwait(false);
                if (n == 0 || link.Stalled)
                    break; // a stalled link swallows what it read and reads no more
                await SendAllAsync(to, buffer.AsMemory(0, n), link.Token).ConfigureAwait(false);
            }
            if (link.Stalled)
            {
                await Task.Delay(Timeout.Infinite, link.Token).ConfigureAwait(false);
                return;
            }
            to.Shutdown(SocketShutdown.Send); // pass a FIN on
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        if (!link.Stalled)
            link.Cut(CutKind.Close);
    }

    private static async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await to.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        CutAll(CutKind.Reset);
        await _acceptTask.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>One proxied connection: the socket to the client and the one to the target.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        private readonly CancellationTokenSource _cut = new();
        private int _closed;

        public volatile bool Stalled;

        public CancellationToken Token => _cut.Token;

        public void Cut(CutKind kind)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
                return;
            foreach (var socket in new[] { client, server })
            {
                try
                {
                    if (kind == CutKind.Reset)
                        socket.LingerState = new LingerOption(true, 0); // close with RST
                    else
                        socket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
                socket.Dispose();
            }
            _cut.Cancel();
        }
    }
}
