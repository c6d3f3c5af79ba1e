using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Samples.EchoBot;

/// <summary>
/// A small bot written with the Magpie library only: it goes online, accepts every subscription request
/// (and asks back, so the subscription is mutual), and answers each chat message by showing
/// <c>composing</c> and then echoing the body. In rooms it joins (<see cref="JoinRoomAsync"/>) it answers
/// messages addressed to it by nick ("echo: hi" → "alice: hi"). <c>magpie demo</c> runs it in-process.
/// </summary>
public sealed class EchoBot : IAsyncDisposable
{
    private readonly XmppClient _client;
    private readonly PresenceManager _presence;
    private readonly SubscriptionManager _subscriptions;
    private readonly ChatStatesExtension _chatStates;
    private readonly TimeSpan _typingTime;
    private readonly MucExtension _muc;

    /// <summary>Creates the bot for an existing account.</summary>
    /// <param name="options">The bot's account.</param>
    /// <param name="typingTime">How long it "types" before echoing, so people see the chat state.</param>
    public EchoBot(XmppClientOptions options, TimeSpan? typingTime = null)
    {
        _client = new XmppClient(options);
        _client.Use(new RosterManager());
        _presence = _client.Use(new PresenceManager());
        _subscriptions = _client.Use(new SubscriptionManager());
        _chatStates = _client.Use(new ChatStatesExtension());
        _client.Use(new ReceiptsExtension());
        _typingTime = typingTime ?? TimeSpan.FromSeconds(1);
        _subscriptions.SubscriptionRequested += (_, e) => _ = AcceptAsync(e.From);
        _client.MessageReceived += (_, m) => _ = EchoAsync(m);
        _muc = _client.Use(new MucExtension());
        _muc.MessageReceived += (_, e) => _ = AnswerInRoomAsync(e);
    }

    /// <summary>Joins <paramref name="room"/> as <paramref name="nick"/>, creating it (an instant,
    /// persistent room) when it does not exist yet.</summary>
    public async Task<MucRoom> JoinRoomAsync(Jid room, string nick, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _muc.CreateRoomAsync(room, nick, [new("muc#roomconfig_persistentroom", "1")], cancellationToken);
        }
        catch (MucJoinException ex) when (ex.Reason == MucJoinError.RoomExists)
        {
            return await _muc.JoinAsync(room, nick, new MucJoinOptions { MaxStanzas = 0 }, cancellationToken);
        }
    }

    private async Task AnswerInRoomAsync(MucMessageEventArgs e)
    {
        // Only live messages from someone else, addressed to us as "nick: text" or "nick, text".
        if (e.IsOwn || e.IsHistory || e.IsRoomNotice || e.Message.Body is not { } body)
            return;
        var me = e.Room.Nick;
        if (body.Length <= me.Length + 1 || !body.StartsWith(me, StringComparison.OrdinalIgnoreCase) || body[me.Length] is not (':' or ','))
            return;
        try
        {
            await e.Room.SendMessageAsync($"{e.Nick}: {body[(me.Length + 1)..].Trim()}");
            Echoed++;
        }
        catch (Exception ex) when (ex is XmppException)
        {
            Failed?.Invoke(this, ex);
        }
    }

    /// <summary>The bot's JID.</summary>
    public Jid Jid => _client.Options.Jid;

    /// <summary>Messages echoed so far.</summary>
    public int Echoed { get; private set; }

    /// <summary>Errors while answering (the bot keeps going).</summary>
    public event EventHandler<Exception>? Failed;

    /// <summary>Logs in and goes online.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _client.ConnectAsync(cancellationToken);
        await _presence.SetPresenceAsync(PresenceShow.Chat, "I repeat what you say.", cancellationToken: cancellationToken);
    }

    /// <summary>Logs out.</summary>
    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    private async Task AcceptAsync(Jid from)
    {
        try
        {
            await _subscriptions.ApproveAsync(from.Bare);
            await _subscriptions.RequestSubscriptionAsync(from.Bare);
        }
        catch (Exception ex) when (ex is XmppException)
        {
            Failed?.Invoke(this, ex);
        }
    }

    private async Task EchoAsync(Message message)
    {
        if (message.Type is not (MessageType.Chat or MessageType.Normal) || message.Body is null || message.From is not { } from)
            return;
        if (from.Local is null || from.BareEquals(Jid))
            return; // no echoing servers or ourselves (carbons)
        try
        {
            // Peers that sent us a state get states back (XEP-0085 §5.1).
            _chatStates.SetSupport(from, ChatStates.Get(message) is null ? ChatStateSupport.Unknown : ChatStateSupport.Supported);
            using var notifier = _chatStates.CreateNotifier(from);
            await notifier.TypingAsync();
            await Task.Delay(_typingTime); // the pause people see as "typing", not synchronisation
            var reply = new Message(from, message.Body, MessageType.Chat);
            await notifier.SendMessageAsync(reply);
            Echoed++;
        }
        catch (Exception ex) when (ex is XmppException)
        {
            Failed?.Invoke(this, ex);
        }
    }
}
