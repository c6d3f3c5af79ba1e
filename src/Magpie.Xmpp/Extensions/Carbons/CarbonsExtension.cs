using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp.Extensions.Carbons;

/// <summary>XEP-0280 Message Carbons: enables carbons, and surfaces the copies our server forwards through
/// <see cref="CarbonReceived"/> after checking they really come from our own account (§11: anyone can send
/// a message that looks like a carbon).</summary>
/// <remarks>The wrappers are claimed first in the pipeline (<see cref="Routing.InboundOrder.Carbons"/>): they never
/// reach <see cref="XmppClient.MessageReceived"/>, genuine or not.</remarks>
public sealed class CarbonsExtension : XmppExtension
{
    private static readonly XName ReceivedName = XName.Get("received", Carbons.Namespace);
    private static readonly XName SentName = XName.Get("sent", Carbons.Namespace);
    private static readonly XName ForwardedName = XName.Get("forwarded", Carbons.ForwardNamespace);
    private static readonly XName InnerMessageName = XName.Get("message", Namespaces.Client);

    /// <summary>Raised for each genuine carbon copy, with the forwarded message.</summary>
    public event EventHandler<CarbonEventArgs>? CarbonReceived;

    /// <summary>Whether the server confirmed <see cref="EnableAsync"/> in this session.</summary>
    public bool IsEnabled { get; private set; }

    /// <summary>Enable carbons by itself at the start of every new session (default true). A resumed
    /// session keeps them enabled on the server.</summary>
    public bool EnableOnSessionStart { get; init; } = true;

    /// <inheritdoc />
    protected override void OnAttached()
    {
        AddOutgoingMessageFilter(Routing.InboundOrder.Carbons, Carbons.AddNoCopyIfPrivate);
        AddClaim(Routing.InboundOrder.Carbons, static s => s is Message m && (m.HasChild(ReceivedName) || m.HasChild(SentName)), OnMessageAsync);
    }

    /// <inheritdoc />
    protected override void OnSessionStarted(SessionStartedEventArgs e)
    {
        if (EnableOnSessionStart && !e.IsResumed)
            _ = EnableQuietlyAsync();
    }

    /// <inheritdoc />
    protected override void OnDisconnected(DisconnectedEventArgs e) => IsEnabled = false;

    private async Task EnableQuietlyAsync()
    {
        try
        {
            await EnableAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            Logger.LogInformation("Carbons could not be enabled: {Reason}", ex.Message);
        }
    }

    /// <summary>Asks our server to send us carbons (call once after each login).</summary>
    /// <exception cref="StanzaErrorException">The server refused or does not support carbons.</exception>
    public async Task EnableAsync(CancellationToken cancellationToken = default)
    {
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(XName.Get("enable", Carbons.Namespace))), cancellationToken: cancellationToken).ConfigureAwait(false);
        IsEnabled = true;
    }

    /// <summary>Asks our server to stop sending carbons.</summary>
    public async Task DisableAsync(CancellationToken cancellationToken = default)
    {
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(XName.Get("disable", Carbons.Namespace))), cancellationToken: cancellationToken).ConfigureAwait(false);
        IsEnabled = false;
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var outer = (Message)stanza;
        var me = Client.BoundJid?.Bare;
        // §11: only our own server, speaking for our bare JID, may send carbons. A missing from would mean
        // "from our account" per RFC 6120, but servers stamp it, so anything but the bare JID is suspect.
        if (me is null || outer.From != me)
        {
            Logger.LogWarning("Ignored a carbon from {From}: carbons must come from our own bare JID", outer.From);
            return ValueTask.CompletedTask;
        }
        var wrapper = outer.GetChild(ReceivedName) ?? outer.GetChild(SentName)!;
        var direction = wrapper.Name == SentName ? CarbonDirection.Sent : CarbonDirection.Received;
        var innerElement = wrapper.Element(ForwardedName)?.Element(InnerMessageName);
        if (innerElement is null)
        {
            Logger.LogDebug("Ignored a carbon without a forwarded message");
            return ValueTask.CompletedTask;
        }
        var inner = new Message(new XElement(innerElement));
        inner.MakeReadOnly(Client.Payloads);
        if (inner.Type == MessageType.Groupchat)
        {
            // §6: groupchat is never carbon-copied; a copy claiming to be one is bogus.
            Logger.LogWarning("Ignored a carbon wrapping a groupchat message");
            return ValueTask.CompletedTask;
        }
        try
        {
            _ = inner.From;
            _ = inner.To;
        }
        catch (JidFormatException ex)
        {
            Logger.LogWarning("Ignored a carbon with an invalid inner address: {Reason}", ex.Message);
            return ValueTask.CompletedTask;
        }
        Raise(CarbonReceived, new CarbonEventArgs(direction, inner));
        return ValueTask.CompletedTask;
    }
}
