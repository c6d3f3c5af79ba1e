using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Extensions.Socks5Bytestreams;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>XEP-0260 for one session: our candidates (a listener of our own, the server's proxy), trying the
/// peer's in priority order, exchanging candidate-used / candidate-error, nominating one (§2.4), activating a
/// proxy. <see cref="EstablishAsync"/> returns null when nothing connected on either side: the initiator then
/// falls back to in-band bytestreams.</summary>
internal sealed class S5bNegotiation(JingleFileSession session, string sid) : IAsyncDisposable
{
    internal const int MaxCandidates = 16;
    private const int DirectPreference = 126;
    private const int ProxyPreference = 10;
    private static readonly XNamespace S5b = JingleNamespaces.S5bTransportNs;
    private static readonly XNamespace J = JingleNamespaces.JingleNs;

    private readonly List<Candidate> _ours = [];
    private readonly List<Candidate> _theirs = [];
    private Socks5Listener? _listener;
    private Stream? _outgoing;
    private Candidate? _outgoingCandidate;
    private Stream? _chosen;

    private sealed record Candidate(string Cid, string Host, int Port, Jid Jid, long Priority, string Type);

    public string Sid { get; } = sid;

    /// <summary>Gathers our candidates. <paramref name="theirs"/> (the initiator's offer, on the responder) keeps us
    /// from offering a host and port it offered already (§2.2).</summary>
    public async Task PrepareAsync(XElement? theirs, CancellationToken cancellationToken)
    {
        var options = session.Options;
        if (options.OfferDirectCandidates)
        {
            _listener = new Socks5Listener(Socks5.DestinationAddress(Sid, session.Me, session.Peer), options.IdleTimeout);
            var port = options.AdvertisedPort ?? _listener.Port;
            var addresses = options.CandidateAddresses ?? Socks5.LocalAddresses();
            var local = 65535;
            foreach (var address in addresses.Take(MaxCandidates - 1))
            {
                // Loopback only helps a peer on this machine: last among the direct ones.
                var preference = IPAddress.IsLoopback(address) ? 0 : local--;
                _ours.Add(new Candidate(JingleFileSession.NewId(), address.ToString(), port, session.Me, ((long)DirectPreference << 16) + preference, "direct"));
            }
        }
        if (options.UseServerProxy && await session.Owner.FindProxyAsync(cancellationToken).ConfigureAwait(false) is { } proxy)
        {
            var offeredAlready = theirs?.Elements(S5b + "candidate").Any(c => (string?)c.Attribute("host") == proxy.Host && (string?)c.Attribute("port") == proxy.Port.ToString(CultureInfo.InvariantCulture)) == true;
            if (!offeredAlready)
                _ours.Add(new Candidate(JingleFileSession.NewId(), proxy.Host, proxy.Port, proxy.Jid, (long)ProxyPreference << 16, "proxy"));
        }
    }

    public XElement BuildTransport()
    {
        var transport = new XElement(S5b + "transport",
            new XAttribute("dstaddr", Socks5.DestinationAddress(Sid, session.Me, session.Peer)),
            new XAttribute("mode", "tcp"),
            new XAttribute("sid", Sid));
        foreach (var c in _ours)
        {
            transport.Add(new XElement(S5b + "candidate",
                new XAttribute("cid", c.Cid),
                new XAttribute("host", c.Host),
                new XAttribute("jid", c.Jid.ToString()),
                new XAttribute("port", c.Port.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("priority", c.Priority.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("type", c.Type)));
        }
        return transport;
    }

    /// <summary>Reads the peer's candidates; malformed ones are skipped, and at most <see cref="MaxCandidates"/> are kept.</summary>
    public void SetTheirCandidates(XElement transport)
    {
        foreach (var c in transport.Elements(S5b + "candidate"))
        {
            if (_theirs.Count >= MaxCandidates)
                break;
            var cid = (string?)c.Attribute("cid");
            var host = (string?)c.Attribute("host");
            if (string.IsNullOrEmpty(cid) || string.IsNullOrEmpty(host) || host.Length > 255
                || !int.TryParse((string?)c.Attribute("port") ?? "1080", NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                || !long.TryParse((string?)c.Attribute("priority"), NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
                || !Jid.TryParse((string?)c.Attribute("jid"), out var jid))
                continue;
            var type = (string?)c.Attribute("type") ?? "direct";
            _theirs.Add(new Candidate(cid, host, port, jid, priority, type));
        }
    }

    /// <summary>Connects, tells, listens, nominates. Null when neither side connected.</summary>
    public async Task<Stream?> EstablishAsync(CancellationToken cancellationToken)
    {
        var options = session.Options;
        // Their candidates carry their DST.ADDR: the owner's JID comes first.
        var destination = Socks5.DestinationAddress(Sid, session.Peer, session.Me);
        foreach (var candidate in _theirs.OrderByDescending(c => c.Priority))
        {
            try
            {
                _outgoing = await Socks5.ConnectAsync(candidate.Host, candidate.Port, destination, options.CandidateTimeout, cancellationToken).ConfigureAwait(false);
                _outgoingCandidate = candidate;
                break;
            }
            catch (IOException)
            {
                // Next candidate.
            }
        }
        var report = _outgoingCandidate is { } used
            ? new XElement(S5b + "candidate-used", new XAttribute("cid", used.Cid))
            : new XElement(S5b + "candidate-error");
        await session.SendJingleAsync("transport-info", cancellationToken, session.Content(senders: false, new XElement(S5b + "transport", new XAttribute("sid", Sid), report))).ConfigureAwait(false);

        Candidate? theirUsed = null;
        var theirError = false;
        while (theirUsed is null && !theirError)
        {
            var (action, jingle) = await session.NextAsync(options.IdleTimeout, "report its SOCKS5 candidates", cancellationToken).ConfigureAwait(false);
            var transport = jingle.Element(J + "content")?.Element(S5b + "transport");
            if (action != "transport-info" || transport is null)
                throw await session.FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport"), $"{session.Peer} sent {action} while SOCKS5 candidates were being tried.").ConfigureAwait(false);
            if (transport.Element(S5b + "candidate-used") is { } usedElement)
            {
                theirUsed = _ours.FirstOrDefault(c => c.Cid == (string?)usedElement.Attribute("cid"))
                    ?? throw await session.FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport"), $"{session.Peer} used a SOCKS5 candidate we never offered.").ConfigureAwait(false);
            }
            else if (transport.Element(S5b + "candidate-error") is not null)
            {
                theirError = true;
            }
        }

        // §2.4: candidate-used beats candidate-error; the higher priority wins; on a tie, the initiator's choice.
        Candidate? nominated;
        bool ours;
        if (_outgoingCandidate is null && theirUsed is null)
            return null;
        if (theirUsed is null)
            (nominated, ours) = (_outgoingCandidate, false);
        else if (_outgoingCandidate is null)
            (nominated, ours) = (theirUsed, true);
        else if (theirUsed.Priority != _outgoingCandidate.Priority)
            (nominated, ours) = theirUsed.Priority > _outgoingCandidate.Priority ? (theirUsed, true) : (_outgoingCandidate, false);
        else
            // The initiator's candidate-used names a responder candidate.
            (nominated, ours) = session.IsInitiator ? (_outgoingCandidate, false) : (theirUsed, true);

        if (!ours)
        {
            if (nominated!.Type == "proxy")
                await WaitForActivationAsync(cancellationToken).ConfigureAwait(false);
            _chosen = _outgoing;
            _outgoing = null;
            return _chosen;
        }
        if (nominated!.Type == "proxy")
        {
            var stream = await Socks5.ConnectAsync(nominated.Host, nominated.Port, Socks5.DestinationAddress(Sid, session.Me, session.Peer), options.CandidateTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                await session.Client.SendIqAsync(new Iq(IqType.Set, new XElement(XName.Get("query", Socks5Streamhost.Namespace),
                    new XAttribute("sid", Sid),
                    new XElement(XName.Get("activate", Socks5Streamhost.Namespace), session.Peer.ToString())), nominated.Jid), options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await session.SendJingleAsync("transport-info", cancellationToken, session.Content(senders: false,
                new XElement(S5b + "transport", new XAttribute("sid", Sid), new XElement(S5b + "activated", new XAttribute("cid", nominated.Cid))))).ConfigureAwait(false);
            _chosen = stream;
            return stream;
        }
        _chosen = await _listener!.Connected.WaitAsync(options.IdleTimeout, cancellationToken).ConfigureAwait(false);
        return _chosen;
    }

    private async Task WaitForActivationAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (action, jingle) = await session.NextAsync(session.Options.IdleTimeout, "activate the proxy", cancellationToken).ConfigureAwait(false);
            var transport = jingle.Element(J + "content")?.Element(S5b + "transport");
            if (action == "transport-info" && transport?.Element(S5b + "activated") is not null)
                return;
            if (action == "transport-info" && transport?.Element(S5b + "proxy-error") is not null)
                throw await session.FailAsync(FileTransferFailure.TransportFailed, new JingleReason("failed-transport"), $"{session.Peer} could not activate the proxy.").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener?.Dispose();
        if (_outgoing is not null)
            await _outgoing.DisposeAsync().ConfigureAwait(false);
        if (_listener is not null && _listener.Connected.IsCompletedSuccessfully && !ReferenceEquals(_listener.Connected.Result, _chosen))
            await _listener.Connected.Result.DisposeAsync().ConfigureAwait(false);
    }
}
