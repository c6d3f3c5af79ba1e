namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0410: what a self-ping says about our presence in a room.</summary>
public enum MucSelfPingResult
{
    /// <summary>We are still in the room (a result, or an error that only another client of ours could give).</summary>
    Joined,

    /// <summary>The room says we are not in it: rejoin.</summary>
    NotJoined,

    /// <summary>No answer: the room or its service is unreachable; try again later.</summary>
    Inconclusive,
}
