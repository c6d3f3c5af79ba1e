using System.Net;
using System.Net.Sockets;

namespace Magpie.Xmpp.Extensions.Socks5Bytestreams;

/// <summary>A one-shot SOCKS5 streamhost (XEP-0065 §6 as a "direct" candidate): listens on an ephemeral port and
/// hands over the first connection that asks for the expected destination. Strangers who connect get a short
/// handshake deadline and are dropped; at most <see cref="MaxConnections"/> are looked at.</summary>
internal sealed class Socks5Listener : IDisposable
{
    internal const int MaxConnections = 16;

    private readonly TcpListener _listener;
    private readonly string _destination;
    private readonly TimeSpan _handshakeTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<NetworkStream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Socks5Listener(string destination, TimeSpan handshakeTimeout)
    {
        _destination = destination;
        _handshakeTimeout = handshakeTimeout;
        _listener = new TcpListener(IPAddress.Any, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary>Completes with the peer's connection once it made the handshake.</summary>
    public Task<NetworkStream> Connected => _connected.Task;

    private async Task AcceptLoopAsync()
    {
        try
        {
            for (var i = 0; i < MaxConnections; i++)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                _ = HandshakeAsync(new NetworkStream(socket, ownsSocket: true));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task HandshakeAsync(NetworkStream stream)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(_handshakeTimeout);
        try
        {
            var destination = await Socks5.AcceptAsync(stream, d => string.Equals(d, _destination, StringComparison.OrdinalIgnoreCase), deadline.Token).ConfigureAwait(false);
            if (destination is not null && _connected.TrySetResult(stream))
                return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        // A connection nobody took is closed here; one that was taken belongs to its user.
        _connected.TrySetCanceled();
    }
}
