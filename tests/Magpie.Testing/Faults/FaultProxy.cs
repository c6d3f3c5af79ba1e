using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

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
/// Started with <see cref="StartTls"/> it terminates TLS on both sides (clients connect with direct TLS and
/// are shown the server's own certificate), so it reads the XML the client sends and can cut a connection at
/// the moment a given stanza goes out (<see cref="CutWhenClientSends"/>).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptTask;
    private readonly TlsTermination? _tls;
    private Trigger? _trigger;
    private int _accepted;

    private FaultProxy(string targetHost, int targetPort, TlsTermination? tls = null)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _tls = tls;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptTask = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts a proxy to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static FaultProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>Starts a TLS-terminating proxy to a direct TLS port (XEP-0368): clients must connect with
    /// direct TLS and trust <paramref name="certificate"/>'s issuer; the proxy connects to the target with
    /// TLS, trusting only <paramref name="targetCa"/> for <paramref name="targetName"/>. Use the target's own
    /// certificate, so that what the client sees (channel binding included) is what the target would show.</summary>
    /// <param name="targetHost">The target's address.</param>
    /// <param name="targetPort">Its direct TLS port.</param>
    /// <param name="certificate">The certificate, with its private key, shown to clients.</param>
    /// <param name="targetCa">The CA the target's certificate must chain to.</param>
    /// <param name="targetName">The name the target's certificate must carry.</param>
    public static FaultProxy StartTls(string targetHost, int targetPort, X509Certificate2 certificate, X509Certificate2 targetCa, string targetName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(targetCa);
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("The proxy needs the certificate's private key.", nameof(certificate));
        return new(targetHost, targetPort, new TlsTermination(certificate, targetCa, targetName));
    }

    /// <summary>
    /// Arms a one-shot cut: the first time a client sends text containing <paramref name="marker"/> (from now
    /// on), that connection is cut before the chunk holding it is forwarded, so the target never sees it. With
    /// <paramref name="endSession"/> the target is first sent a stream close (<c>&lt;/stream:stream&gt;</c>), as
    /// a client ending its session would: an XMPP server then drops the session instead of keeping it for
    /// resumption, so the client's reconnection needs a new session. Only meaningful with <see cref="StartTls"/>
    /// (or on plaintext streams).
    /// </summary>
    /// <returns>A task that completes once the cut is done (and, with <paramref name="endSession"/>, the target
    /// has closed its side).</returns>
    public Task CutWhenClientSends(string marker, CutKind kind = CutKind.Reset, bool endSession = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        var trigger = new Trigger(marker, kind, endSession);
        if (Interlocked.CompareExchange(ref _trigger, trigger, null) is not null)
            throw new InvalidOperationException("A cut is already armed.");
        return trigger.Done.Task;
    }

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
        Stream fromClient;
        Stream toServer;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token).ConfigureAwait(false);
            fromClient = new NetworkStream(client, ownsSocket: false);
            toServer = new NetworkStream(server, ownsSocket: false);
            if (_tls is not null)
            {
                (fromClient, toServer) = await _tls.WrapAsync(fromClient, toServer, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        var link = new Link(client, server, toServer);
        _links.TryAdd(link, 0);
        try
        {
            await Task.WhenAll(PumpAsync(link, fromClient, toServer, server, watch: true), PumpAsync(link, toServer, fromClient, client, watch: false)).ConfigureAwait(false);
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Cut(CutKind.Close);
        }
    }

    private async Task PumpAsync(Link link, Stream from, Stream to, Socket toSocket, bool watch)
    {
        var buffer = new byte[16 * 1024];
        var decoder = Encoding.UTF8.GetDecoder();
        var tail = "";
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, link.Token).ConfigureAwait(false);
                if (n == 0 || link.Stalled)
                    break; // a stalled link swallows what it read and reads no more
                if (watch && Volatile.Read(ref _trigger) is { } trigger)
                {
                    var chars = new char[decoder.GetCharCount(buffer, 0, n)];
                    decoder.GetChars(buffer, 0, n, chars, 0);
                    var text = tail + new string(chars);
                    if (text.Contains(trigger.Marker, StringComparison.Ordinal) && trigger.TryFire())
                    {
                        await CutOnTriggerAsync(link, trigger).ConfigureAwait(false);
                        return;
                    }
                    // Enough to find a marker split across two reads.
                    tail = text.Length > 4096 ? text[^4096..] : text;
                }
                if (!watch && link.IsClientCut)
                    continue; // the client is gone; what the target says on its way out is dropped
                await to.WriteAsync(buffer.AsMemory(0, n), link.Token).ConfigureAwait(false);
            }
            if (!watch)
                link.ServerEnded.TrySetResult();
            if (link.Stalled)
            {
                await Task.Delay(Timeout.Infinite, link.Token).ConfigureAwait(false);
                return;
            }
            toSocket.Shutdown(SocketShutdown.Send); // pass a FIN on
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }
        if (!watch)
            link.ServerEnded.TrySetResult();
        if (!link.Stalled)
            link.Cut(CutKind.Close);
    }

    private async Task CutOnTriggerAsync(Link link, Trigger trigger)
    {
        try
        {
            if (trigger.EndSession)
            {
                // The client side goes first, so that the client sees its stanza unanswered; then the target is
                // told the stream is over, and given a moment to close its side.
                link.CutClient(trigger.Kind);
                await link.EndServerStreamAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            link.Cut(trigger.Kind);
            trigger.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            link.Cut(CutKind.Reset);
            trigger.Done.TrySetException(ex);
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
    private sealed class Link(Socket client, Socket server, Stream toServer)
    {
        private static readonly byte[] StreamFooter = "</stream:stream>"u8.ToArray();
        private readonly CancellationTokenSource _cut = new();
        private int _closed;
        private int _clientClosed;

        public volatile bool Stalled;

        public CancellationToken Token => _cut.Token;

        /// <summary>Completes when the target's side has ended (it closed, or reading from it failed).</summary>
        public TaskCompletionSource ServerEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsClientCut => Volatile.Read(ref _clientClosed) == 1;

        public void Cut(CutKind kind)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
                return;
            CutClient(kind);
            Close(server, kind);
            _cut.Cancel();
        }

        /// <summary>Ends the client's side only.</summary>
        public void CutClient(CutKind kind)
        {
            if (Interlocked.Exchange(ref _clientClosed, 1) == 0)
                Close(client, kind);
        }

        /// <summary>Sends the target a stream close and waits (bounded) for it to close its side.</summary>
        public async Task EndServerStreamAsync(TimeSpan bound)
        {
            using var timeout = new CancellationTokenSource(bound);
            await toServer.WriteAsync(StreamFooter, timeout.Token).ConfigureAwait(false);
            await toServer.FlushAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await ServerEnded.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // It did not close in time; the cut that follows closes it.
            }
        }

        private static void Close(Socket socket, CutKind kind)
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
    }

    /// <summary>A one-shot cut armed by <see cref="CutWhenClientSends"/>.</summary>
    private sealed class Trigger(string marker, CutKind kind, bool endSession)
    {
        private int _fired;

        public string Marker { get; } = marker;

        public CutKind Kind { get; } = kind;

        public bool EndSession { get; } = endSession;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryFire() => Interlocked.Exchange(ref _fired, 1) == 0;
    }

    /// <summary>TLS on both sides of the proxy.</summary>
    private sealed class TlsTermination(X509Certificate2 certificate, X509Certificate2 targetCa, string targetName)
    {
        private static readonly List<SslApplicationProtocol> Alpn = [new("xmpp-client")];

        public async Task<(Stream Client, Stream Server)> WrapAsync(Stream client, Stream server, CancellationToken cancellationToken)
        {
            var toClient = new SslStream(client, leaveInnerStreamOpen: false);
            await toClient.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ApplicationProtocols = Alpn,
            }, cancellationToken).ConfigureAwait(false);
            var toServer = new SslStream(server, leaveInnerStreamOpen: false);
            await toServer.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetName,
                ApplicationProtocols = Alpn,
                RemoteCertificateValidationCallback = (_, cert, _, errors) => cert is not null && Trusted(cert, errors),
            }, cancellationToken).ConfigureAwait(false);
            return (toClient, toServer);
        }

        private bool Trusted(X509Certificate cert, SslPolicyErrors errors)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(targetCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(cert);
            return chain.Build(leaf);
        }
    }
}
