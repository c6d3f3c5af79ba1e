using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.StanzaIds;

/// <summary>A stanza-id worth trusting: its id and the archiving entity that assigned it.</summary>
/// <param name="Id">The id.</param>
/// <param name="By">Who assigned it: our own bare JID (our archive) or a room's bare JID.</param>
public sealed record TrustedStanzaId(string Id, Jid By);

/// <summary>XEP-0359 Unique and Stable Stanza IDs: advertises support, unless <see cref="AddOriginId"/> is
/// turned off gives every outgoing message an origin-id, and says which received stanza-ids to trust.</summary>
/// <remarks>
/// A stanza-id is trusted only when its <c>by</c> is the entity that archives the message (our own bare JID
/// for a chat, the room for groupchat) <em>and</em> that entity advertises <c>urn:xmpp:sid:0</c> in
/// disco#info (XEP-0359 §6): only then does it strip what a sender forged in its name. Answers are learned
/// once per session and kept until the session ends; our own account is asked as soon as a session starts,
/// a room the first time it matters (<see cref="SupportsStanzaIdsAsync"/>, which the application may also
/// call before joining). Until an answer came, <see cref="GetTrustedStanzaId"/> trusts nothing.
/// </remarks>
public sealed class StanzaIdsExtension : IXmppExtension
{
    private static readonly XName DiscoInfoQuery = XName.Get("query", DiscoInfo.Namespace);
    private readonly Lock _gate = new();
    private readonly Dictionary<Jid, Task<bool>> _support = [];
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Whether outgoing messages get an origin-id (default true).</summary>
    public bool AddOriginId { get; set; } = true;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StanzaIdsExtension>();
        client.Router.AddFeature(MessageIds.Namespace);
        client.Router.AddOutgoingMessageFilter(OnSending);
        client.ConnectionStateChanged += (_, e) =>
        {
            // What an entity advertised is learned again in the next session (the server may have changed).
            if (e.State is ConnectionState.Disconnected or ConnectionState.Reconnecting)
            {
                lock (_gate)
                    _support.Clear();
            }
        };
        client.SessionStarted += (_, e) => _ = SupportsStanzaIdsAsync(e.BoundJid.Bare);
    }

    /// <summary>Whether <paramref name="entity"/> (our own bare JID, or a room) advertises <c>urn:xmpp:sid:0</c>,
    /// asked with disco#info once per session. A lookup that got no answer or an error (no session, timeout,
    /// a room not created yet) answers false and is asked again next time.</summary>
    public Task<bool> SupportsStanzaIdsAsync(Jid entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var bare = entity.Bare;
        TaskCompletionSource<bool> answer;
        lock (_gate)
        {
            if (_support.TryGetValue(bare, out var known))
                return known.WaitAsync(cancellationToken);
            answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _support[bare] = answer.Task;
        }
        _ = LookUpAsync(bare, answer);
        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="entity"/> is already known (this session) to advertise <c>urn:xmpp:sid:0</c>.</summary>
    public bool IsKnownToSupportStanzaIds(Jid entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        lock (_gate)
            return _support.TryGetValue(entity.Bare, out var lookup) && lookup.IsCompletedSuccessfully && lookup.Result;
    }

    /// <summary>The stanza-id of <paramref name="message"/> to trust, with who assigned it, or null: the last one
    /// <c>by</c> the archiving entity (<see cref="MessageIds.ArchiveOf"/>), provided that entity is known to
    /// advertise <c>urn:xmpp:sid:0</c>. Does not wait: see <see cref="GetTrustedStanzaIdAsync"/>.</summary>
    public TrustedStanzaId? GetTrustedStanzaId(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_client?.BoundJid is not { } me)
            return null;
        var archive = MessageIds.ArchiveOf(message, me);
        return IsKnownToSupportStanzaIds(archive) && MessageIds.GetStanzaId(message, archive) is { } id
            ? new TrustedStanzaId(id, archive)
            : null;
    }

    /// <summary>As <see cref="GetTrustedStanzaId"/>, first learning (or waiting to learn) whether the archiving
    /// entity advertises <c>urn:xmpp:sid:0</c>. Do not await it from inside a stanza handler of the dispatcher
    /// that would deliver the answer (asynchronous handlers may).</summary>
    public async Task<TrustedStanzaId?> GetTrustedStanzaIdAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_client?.BoundJid is not { } me)
            return null;
        var archive = MessageIds.ArchiveOf(message, me);
        if (MessageIds.GetStanzaId(message, archive) is not { } id)
            return null;
        return await SupportsStanzaIdsAsync(archive, cancellationToken).ConfigureAwait(false) ? new TrustedStanzaId(id, archive) : null;
    }

    /// <summary>The stanza-id our own archive (our bare JID) stamped on a received message, or null; trusted as
    /// <see cref="GetTrustedStanzaId"/> says (our server must be known to advertise <c>urn:xmpp:sid:0</c>).</summary>
    public string? GetArchiveId(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_client?.BoundJid is not { } me || !IsKnownToSupportStanzaIds(me.Bare))
            return null;
        return MessageIds.GetStanzaId(message, me.Bare);
    }

    private async Task LookUpAsync(Jid entity, TaskCompletionSource<bool> answer)
    {
        var client = _client ?? throw new InvalidOperationException("The extension is not attached to a client.");
        try
        {
            var result = await client.SendIqAsync(new Iq(IqType.Get, new XElement(DiscoInfoQuery), entity)).ConfigureAwait(false);
            var query = result.GetChild(DiscoInfoQuery);
            var supports = query is not null && DiscoInfo.Parse(query).HasFeature(MessageIds.Namespace);
            if (!supports)
                _logger.LogInformation("{Entity} does not advertise {Feature}: its stanza-ids are not trusted", entity, MessageIds.Namespace);
            answer.TrySetResult(supports);
        }
        catch (Exception ex) when (ex is XmppPayloadException or ArgumentException)
        {
            _logger.LogInformation("{Entity} answered disco#info with nonsense: its stanza-ids are not trusted", entity);
            answer.TrySetResult(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            // No answer, or a refusal (a room that does not exist yet answers item-not-found): untrusted for now,
            // and forgotten so that the next question (once the room exists, say) asks again.
            lock (_gate)
            {
                if (_support.TryGetValue(entity, out var current) && current == answer.Task)
                    _support.Remove(entity);
            }
            _logger.LogInformation("Could not learn whether {Entity} stamps stanza-ids: {Reason}", entity, ex.Message);
            answer.TrySetResult(false);
        }
        finally
        {
            // Whatever happened, nobody waits forever.
            answer.TrySetResult(false);
        }
    }

    private void OnSending(Message message)
    {
        // Errors are replies about someone else's stanza: they keep that stanza's id and need no origin-id.
        if (AddOriginId && message.Type != MessageType.Error)
            MessageIds.EnsureOriginId(message, _client?.Options.IdGenerator);
    }
}
