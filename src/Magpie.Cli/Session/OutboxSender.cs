using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Cli.Session;

/// <summary>
/// Sends what was composed while offline: at the start of every session (new or resumed: the outbox
/// holds only what never reached the network) it sends the outbox in order, each message with the ids it
/// was given when composed, and takes it out once written.
/// </summary>
internal sealed class OutboxSender : IDisposable
{
    private readonly XmppClient _client;
    private readonly HistoryStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Task<int> _current = Task.FromResult(0);

    /// <summary>Hooks <paramref name="client"/>'s <see cref="XmppClient.SessionStarted"/>; add it before connecting.</summary>
    public OutboxSender(XmppClient client, HistoryStore store)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _store = store;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OutboxSender>();
        client.SessionStarted += (_, _) => Volatile.Write(ref _current, FlushLoggedAsync());
    }

    /// <summary>The flush started by the latest session: completes with how many messages went out.</summary>
    public Task<int> Current => Volatile.Read(ref _current);

    /// <summary>Sends the outbox in order; stops at the first failure, leaving the rest queued.</summary>
    /// <returns>How many messages were sent.</returns>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            // Taken out as they go, committed together (one transaction for the flush, not one per message); a
            // crash before the commit only resends, with the same ids.
            Task marked = Task.CompletedTask;
            try
            {
                foreach (var entry in _store.TakeOutbox())
                {
                    await _client.SendAsync(ToStanza(entry.Message), cancellationToken).ConfigureAwait(false);
                    marked = _store.EnqueueMarkSent(entry);
                    sent++;
                }
            }
            finally
            {
                await marked.ConfigureAwait(false);
            }
            return sent;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Releases the gate that keeps two flushes from interleaving.</summary>
    public void Dispose() => _oneAtATime.Dispose();

    internal static Message ToStanza(HistoryMessage queued)
    {
        var to = Jid.Parse(queued.Recipient ?? queued.Peer);
        var type = queued.Type switch
        {
            "normal" => MessageType.Normal,
            "groupchat" => MessageType.Groupchat,
            _ => MessageType.Chat,
        };
        var message = new Message(to, queued.Body, type) { Id = queued.MessageId };
        // The ids given at composition: a resend after a crash is then recognisably the same message.
        if (queued.OriginId is { } originId)
            message.Set(new OriginId(originId));
        if (queued.ReplaceId is { } replaced)
            message.Set(new Replace(replaced));
        return message;
    }

    private async Task<int> FlushLoggedAsync()
    {
        try
        {
            return await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            _logger.LogWarning("The outbox could not be sent: {Reason}", ex.Message);
            throw;
        }
    }
}
