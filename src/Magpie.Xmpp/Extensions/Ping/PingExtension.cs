using System.Diagnostics;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Ping;

/// <summary>XEP-0199 XMPP Ping: measures round trips to any entity, and optionally pings the server at an
/// interval to notice a dead connection (<see cref="KeepaliveTimedOut"/>). Answering pings is built into
/// the client core; this extension only sends them.</summary>
public sealed class PingExtension : IXmppExtension, IDisposable
{
    /// <summary>The namespace, <c>urn:xmpp:ping</c>.</summary>
    public const string Namespace = "urn:xmpp:ping";

    private static readonly XName PingName = XName.Get("ping", Namespace);
    private readonly Lock _gate = new();
    private XmppClient? _client;
    private CancellationTokenSource? _keepalive;

    /// <summary>Raised (once per keepalive run) when the server did not answer a keepalive ping in time;
    /// the keepalive stops then. A reconnect policy listens to this.</summary>
    public event EventHandler<KeepaliveTimedOutEventArgs>? KeepaliveTimedOut;

    /// <summary>Whether a keepalive loop is running.</summary>
    public bool IsKeepaliveRunning
    {
        get { lock (_gate) return _keepalive is not null; }
    }

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        // A keepalive belongs to one session: the next session starts its own.
        client.Disconnected += (_, _) => StopKeepalive();
    }

    /// <summary>Pings <paramref name="jid"/> and measures the round trip.</summary>
    /// <param name="jid">Whom to ping: the server's domain, a full JID, a component.</param>
    /// <param name="timeout">How long to wait; the client's response timeout when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The round trip; see <see cref="PingResult.AnsweredWithError"/> for entities that do not
    /// support ping but answered anyway.</returns>
    /// <exception cref="StanzaErrorException">Any other error, or no answer in time (condition
    /// <c>remote-server-timeout</c>).</exception>
    public async Task<PingResult> PingAsync(Jid jid, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var client = _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
        var watch = Stopwatch.StartNew();
        try
        {
            await client.SendIqAsync(new Iq(IqType.Get, new XElement(PingName), jid), timeout, cancellationToken).ConfigureAwait(false);
            return new PingResult(watch.Elapsed, false);
        }
        catch (StanzaErrorException ex) when (ex.Stanza is not null && ex.Error.Condition is "service-unavailable" or "feature-not-implemented")
        {
            return new PingResult(watch.Elapsed, true);
        }
    }

    /// <summary>Pings the server every <paramref name="interval"/>. When one ping gets no answer within
    /// <paramref name="timeout"/>, raises <see cref="KeepaliveTimedOut"/> and stops. Also stops when the
    /// session ends or <see cref="StopKeepalive"/> is called. Starting again replaces a running loop.</summary>
    /// <exception cref="XmppNotConnectedException">There is no session.</exception>
    public void StartKeepalive(TimeSpan interval, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var client = _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
        var server = client.BoundJid?.Domain is { } domain ? Jid.Parse(domain) : throw new XmppNotConnectedException();
        var cts = new CancellationTokenSource();
        lock (_gate)
        {
            Swap(cts);
        }
        _ = KeepaliveLoopAsync(server, interval, timeout, cts);
    }

    /// <summary>Stops the keepalive loop, if any.</summary>
    public void StopKeepalive()
    {
        lock (_gate)
            Swap(null);
    }

    /// <summary>Stops the keepalive loop.</summary>
    public void Dispose() => StopKeepalive();

    private void Swap(CancellationTokenSource? next)
    {
        var old = _keepalive;
        _keepalive = next;
        // Cancelled, not disposed: the loop may still be reading its token (no timer hangs off the source).
        old?.Cancel();
    }

    private async Task KeepaliveLoopAsync(Jid server, TimeSpan interval, TimeSpan timeout, CancellationTokenSource cts)
    {
        var token = cts.Token;
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await PingAsync(server, timeout, token).ConfigureAwait(false);
                }
                catch (StanzaErrorException ex) when (ex.Stanza is null)
                {
                    // No stanza means our own timeout: the server is silent, the connection probably dead.
                    lock (_gate)
                    {
                        if (_keepalive != cts)
                            return;
                        Swap(null);
                    }
                    KeepaliveTimedOut?.Invoke(this, new KeepaliveTimedOutEventArgs(timeout));
                    return;
                }
                catch (StanzaErrorException)
                {
                    // The server answered with an error: it is alive, which is all a keepalive asks.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (XmppNotConnectedException)
        {
            // The session ended; the Disconnected event tells the application already.
            StopKeepalive();
        }
    }
}
