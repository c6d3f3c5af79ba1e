namespace Magpie.Xmpp;

/// <summary>A session became ready.</summary>
public sealed class SessionStartedEventArgs(Jid boundJid, bool isResumed) : EventArgs
{
    /// <summary>The full JID bound for this session.</summary>
    public Jid BoundJid { get; } = boundJid;

    /// <summary>True when an earlier session was resumed (XEP-0198): server-side state such as the roster,
    /// presence, carbons and rooms survived, so it need not be set up again.</summary>
    public bool IsResumed { get; } = isResumed;
}
