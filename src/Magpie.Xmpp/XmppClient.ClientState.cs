using System.Xml.Linq;

using Magpie.Xmpp.Connection;

namespace Magpie.Xmpp;

public sealed partial class XmppClient
{
    private const string CsiNamespace = "urn:xmpp:csi:0";
    private static readonly XName CsiFeature = XName.Get("csi", CsiNamespace);
    private volatile bool _inactive;

    /// <summary>Whether the server offers XEP-0352 client state indication on the current session.</summary>
    public bool SupportsClientStateIndication => _session is { } session && SupportsClientState(session);

    /// <summary>XEP-0352: tells the server the user is looking at the client again, so it stops holding back
    /// unimportant traffic. Remembered across reconnections.</summary>
    /// <remarks>Does nothing on the network when not connected or when the server does not offer
    /// <c>&lt;csi xmlns='urn:xmpp:csi:0'/&gt;</c> (see <see cref="SupportsClientStateIndication"/>).</remarks>
    public Task SetActiveAsync(CancellationToken cancellationToken = default) => SetClientStateAsync(inactive: false, cancellationToken);

    /// <summary>XEP-0352: tells the server nobody is looking (say, the terminal lost focus), so it may delay
    /// or drop unimportant traffic such as presence and chat states. Sent again on every new (not resumed)
    /// session until <see cref="SetActiveAsync"/>.</summary>
    /// <remarks>Does nothing on the network when not connected or when the server does not offer CSI.</remarks>
    public Task SetInactiveAsync(CancellationToken cancellationToken = default) => SetClientStateAsync(inactive: true, cancellationToken);

    private Task SetClientStateAsync(bool inactive, CancellationToken cancellationToken)
    {
        _inactive = inactive;
        var session = _session;
        if (session is null || !SupportsClientState(session))
            return Task.CompletedTask;
        return session.EnqueueAsync(ClientStateElement(inactive), cancellationToken);
    }

    private static bool SupportsClientState(XmppConnection session) => session.Features?.Element(CsiFeature) is not null;

    private static XElement ClientStateElement(bool inactive) => new(XName.Get(inactive ? "inactive" : "active", CsiNamespace));
}
