using System.Collections.Immutable;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Routing;

/// <summary>
/// Where extensions register what they handle: IQ requests by payload name and type, and message or
/// presence stages by predicate, in the ordered inbound pipeline (<see cref="InboundOrder"/>): a stage
/// either claims what it matches (<see cref="AddClaim"/>: later claims and the generic events do not see it)
/// or only observes it (<see cref="AddHandler(Func{Stanza, bool}, Func{Stanza, CancellationToken, ValueTask})"/>).
/// Registration is explicit and returns a handle that removes it.
/// </summary>
public sealed class StanzaRouter
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<(XName, IqType), Func<Iq, CancellationToken, Task<XElement?>>> _iqHandlers =
        ImmutableDictionary<(XName, IqType), Func<Iq, CancellationToken, Task<XElement?>>>.Empty;
    private ImmutableList<Action<Presence>> _outgoingPresence = ImmutableList<Action<Presence>>.Empty;
    // Sorted by order, then registration; swapped whole, so the read thread walks a snapshot without locking.
    private Snapshot _pipeline = new([], 0);
    private long _registrations;
    // Outgoing decorators, in the reverse of the inbound order: the highest order decorates first.
    private ImmutableArray<(int Order, long Sequence, Action<Message> Filter)> _outgoing = [];
    private ImmutableSortedSet<string> _features = ImmutableSortedSet.Create(StringComparer.Ordinal, "urn:xmpp:ping");

    internal sealed class Stage(int order, long sequence, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler, bool claims)
    {
        public int Order { get; } = order;
        public long Sequence { get; } = sequence;
        public Func<Stanza, bool> Match { get; } = match;
        public Func<Stanza, CancellationToken, ValueTask> Handler { get; } = handler;
        public bool Claims { get; } = claims;
    }

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
    /// <paramref name="match"/> accepts, in arrival order, claimed or not: an observer at
    /// <see cref="InboundOrder.Generic"/>, right after the generic events.</summary>
    public IDisposable AddHandler(Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler) =>
        AddStage(InboundOrder.Generic, match, handler, claims: false);

    /// <summary>As <see cref="AddHandler(Func{Stanza, bool}, Func{Stanza, CancellationToken, ValueTask})"/>, at
    /// <paramref name="order"/> in the pipeline (see <see cref="InboundOrder"/>): an observer sees every stanza
    /// it matches, claimed or not, and claims nothing.</summary>
    public IDisposable AddHandler(int order, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler) =>
        AddStage(order, match, handler, claims: false);

    /// <summary>Claims the incoming messages and presences <paramref name="match"/> accepts, at
    /// <paramref name="order"/> in the pipeline (see <see cref="InboundOrder"/>): <paramref name="handler"/> runs,
    /// and the stanza is then offered to no later claim and not raised as <see cref="XmppClient.MessageReceived"/>
    /// or <see cref="XmppClient.PresenceReceived"/>: it comes out as the claiming extension's own event.
    /// <paramref name="match"/> runs on the connection's read thread for every stanza not yet claimed: keep it
    /// cheap and free of side effects.</summary>
    public IDisposable AddClaim(int order, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler) =>
        AddStage(order, match, handler, claims: true);

    private Unregister AddStage(int order, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler, bool claims)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(handler);
        Stage stage;
        lock (_gate)
        {
            stage = new Stage(order, ++_registrations, match, handler, claims);
            Publish([.. _pipeline.Stages, stage]);
        }
        return new Unregister(() =>
        {
            lock (_gate)
                Publish(Array.FindAll(_pipeline.Stages, s => s != stage));
        });
    }

    // Under _gate.
    private void Publish(Stage[] stages)
    {
        Array.Sort(stages, static (a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Sequence.CompareTo(b.Sequence));
        var generic = Array.FindIndex(stages, static s => s.Order >= InboundOrder.Generic);
        Volatile.Write(ref _pipeline, new Snapshot(stages, generic < 0 ? stages.Length : generic));
    }

    /// <summary>The pipeline as it stands: its stages in order, and the index of the first one at or after
    /// <see cref="InboundOrder.Generic"/> (where the generic events are raised).</summary>
    internal Snapshot Pipeline => Volatile.Read(ref _pipeline);

    internal sealed record Snapshot(Stage[] Stages, int GenericIndex);

    /// <summary>Calls <paramref name="filter"/> on every message the client sends, before it is serialised:
    /// extensions add their payloads (origin-id, receipt requests, hints) here. A filter that throws stops the
    /// send with that exception. Filters registered this way run first, in registration order (see the overload).</summary>
    public IDisposable AddOutgoingMessageFilter(Action<Message> filter) => AddOutgoingMessageFilter(InboundOrder.Generic, filter);

    /// <summary>As <see cref="AddOutgoingMessageFilter(Action{Message})"/>, at <paramref name="order"/>: outgoing
    /// decorators run in the reverse of the inbound pipeline (<see cref="InboundOrder"/>), the highest order first,
    /// so that the layer nearest the wire (carbons' <c>&lt;no-copy/&gt;</c>) sees what the others added.</summary>
    public IDisposable AddOutgoingMessageFilter(int order, Action<Message> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        (int, long, Action<Message>) entry;
        lock (_gate)
        {
            entry = (order, ++_registrations, filter);
            _outgoing = [.. _outgoing.Add(entry).Sort(static (a, b) => a.Order != b.Order ? b.Order.CompareTo(a.Order) : a.Sequence.CompareTo(b.Sequence))];
        }
        return new Unregister(() => { lock (_gate) _outgoing = _outgoing.Remove(entry); });
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
                foreach (var entry in _outgoing)
                    entry.Filter(message);
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

    private sealed class Unregister(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
