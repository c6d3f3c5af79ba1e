using System.Collections.Immutable;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Routing;

/// <summary>
/// Where extensions register what they handle: IQ requests by payload name and type, and message or
/// presence handlers by predicate. Registration is explicit and returns a handle that removes it.
/// </summary>
public sealed class StanzaRouter
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<(XName, IqType), Func<Iq, CancellationToken, Task<XElement?>>> _iqHandlers =
        ImmutableDictionary<(XName, IqType), Func<Iq, CancellationToken, Task<XElement?>>>.Empty;
    private ImmutableList<Action<Presence>> _outgoingPresence = ImmutableList<Action<Presence>>.Empty;
    private ImmutableList<Registration> _handlers = ImmutableList<Registration>.Empty;
    private ImmutableList<Action<Message>> _outgoing = ImmutableList<Action<Message>>.Empty;
    private ImmutableSortedSet<string> _features = ImmutableSortedSet.Create(StringComparer.Ordinal, "urn:xmpp:ping");

    private sealed record Registration(Func<Stanza, bool> Match, Func<Stanza, CancellationToken, ValueTask> Handler);

    /// <summary>The service discovery features this client advertises (XEP-0030), sorted.</summary>
    public IReadOnlyCollection<string> Features => _features;

    /// <summary>Advertises a feature in service discovery until the returned handle is disposed.</summary>
    public IDisposable AddFeature(string feature)
    {
        lock (_gate)
            _features = _features.Add(feature);
        return new Unregister(() => { lock (_gate) _features = _features.Remove(feature); });
    }

    /// <summary>Handles IQ requests of one type whose payload has the given name. The handler returns the
    /// result payload (or null for an empty result), or throws <see cref="StanzaErrorException"/> to
    /// answer with that error. Any other exception is answered with <c>internal-server-error</c>.</summary>
    /// <exception cref="InvalidOperationException">Another handler owns that payload and type.</exception>
    public IDisposable AddIqHandler(XName payload, IqType type, Func<Iq, CancellationToken, Task<XElement?>> handler)
    {
        if (type is not (IqType.Get or IqType.Set))
            throw new ArgumentException("Only get and set requests are handled.", nameof(type));
        lock (_gate)
        {
            if (_iqHandlers.ContainsKey((payload, type)))
                throw new InvalidOperationException($"IQ {type} {payload} already has a handler.");
            _iqHandlers = _iqHandlers.Add((payload, type), handler);
        }
        return new Unregister(() => { lock (_gate) _iqHandlers = _iqHandlers.Remove((payload, type)); });
    }

    /// <summary>Calls <paramref name="handler"/> for every incoming message or presence that
    /// <paramref name="match"/> accepts, in arrival order.</summary>
    public IDisposable AddHandler(Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler)
    {
        var registration = new Registration(match, handler);
        lock (_gate)
            _handlers = _handlers.Add(registration);
        return new Unregister(() => { lock (_gate) _handlers = _handlers.Remove(registration); });
    }

    /// <summary>Calls <paramref name="filter"/> on every message the client sends, before it is serialised,
    /// in registration order: extensions add their payloads (origin-id, receipt requests, hints) here.
    /// A filter that throws stops the send with that exception.</summary>
    public IDisposable AddOutgoingMessageFilter(Action<Message> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
            _outgoing = _outgoing.Add(filter);
        return new Unregister(() => { lock (_gate) _outgoing = _outgoing.Remove(filter); });
    }

    /// <summary>Calls <paramref name="filter"/> on every presence the client sends, before it is serialised:
    /// entity capabilities (XEP-0115) add their <c>&lt;c/&gt;</c> here.</summary>
    public IDisposable AddOutgoingPresenceFilter(Action<Presence> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
            _outgoingPresence = _outgoingPresence.Add(filter);
        return new Unregister(() => { lock (_gate) _outgoingPresence = _outgoingPresence.Remove(filter); });
    }

    internal void ApplyOutgoing(Stanza stanza)
    {
        switch (stanza)
        {
            case Message message:
                foreach (var filter in _outgoing)
                    filter(message);
                break;
            case Presence presence:
                foreach (var filter in _outgoingPresence)
                    filter(presence);
                break;
        }
    }

    internal Func<Iq, CancellationToken, Task<XElement?>>? FindIqHandler(Iq request)
    {
        var payload = request.Payload;
        if (payload is null)
            return null;
        return _iqHandlers.GetValueOrDefault((payload.Name, request.Type));
    }

    internal IEnumerable<Func<Stanza, CancellationToken, ValueTask>> FindHandlers(Stanza stanza)
    {
        foreach (var registration in _handlers)
        {
            if (registration.Match(stanza))
                yield return registration.Handler;
        }
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
