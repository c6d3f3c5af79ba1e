using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.VCardTemp;

/// <summary>XEP-0054 vcard-temp: reads anyone's vCard and replaces our own.</summary>
public sealed class VCardExtension : IXmppExtension
{
    private XmppClient? _client;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Gets the vCard of <paramref name="jid"/> (a bare JID), or our own when null.</summary>
    /// <returns>The vCard, or null when there is none (<c>item-not-found</c> or an empty result).</returns>
    /// <exception cref="StanzaErrorException">Any other error, or no answer in time.</exception>
    public async Task<VCard?> GetAsync(Jid? jid = null, CancellationToken cancellationToken = default)
    {
        var client = Client;
        try
        {
            // Our own vCard is asked for without a 'to' (XEP-0054 §3.1).
            var result = await client.SendIqAsync(new Iq(IqType.Get, new System.Xml.Linq.XElement(VCard.ElementName), jid?.Bare), cancellationToken: cancellationToken).ConfigureAwait(false);
            return result.GetChild(VCard.ElementName) is { } card ? VCard.Parse(card) : null;
        }
        catch (StanzaErrorException ex) when (ex.Error.Condition == "item-not-found")
        {
            return null;
        }
    }

    /// <summary>Replaces our own vCard (the whole of it: fields not in <paramref name="card"/> are removed).</summary>
    /// <exception cref="StanzaErrorException">The server refused, e.g. <c>not-acceptable</c> for a too large photo.</exception>
    public async Task SetAsync(VCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        await Client.SendIqAsync(new Iq(IqType.Set, card.ToElement()), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
}
