namespace Magpie.Xmpp;

/// <summary>A protocol extension (a XEP): payload types, handlers and features, added to a client with
/// <see cref="XmppClient.Use{T}(T)"/>. Registration is explicit: no reflection, no global state.</summary>
public interface IXmppExtension
{
    /// <summary>Registers the extension's handlers and disco features on <paramref name="client"/>.</summary>
    void Attach(XmppClient client);
}
