namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004 Data Forms: advertises <c>jabber:x:data</c> in service discovery. The payload types
/// (<see cref="DataForm"/>) work without it; add it when the application can fill in forms.</summary>
public sealed class DataFormsExtension : IXmppExtension
{
    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Router.AddFeature(DataForm.Namespace);
    }
}
