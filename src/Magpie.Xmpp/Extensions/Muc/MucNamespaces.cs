namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 Multi-User Chat (and XEP-0249, XEP-0410) namespaces and feature strings.</summary>
public static class MucNamespaces
{
    /// <summary>The join payload, <c>http://jabber.org/protocol/muc</c>.</summary>
    public const string Muc = "http://jabber.org/protocol/muc";

    /// <summary>Occupant data in presences and messages, <c>http://jabber.org/protocol/muc#user</c>.</summary>
    public const string User = "http://jabber.org/protocol/muc#user";

    /// <summary>Moderator and admin requests, <c>http://jabber.org/protocol/muc#admin</c>.</summary>
    public const string Admin = "http://jabber.org/protocol/muc#admin";

    /// <summary>Owner requests (configuration, destruction), <c>http://jabber.org/protocol/muc#owner</c>.</summary>
    public const string Owner = "http://jabber.org/protocol/muc#owner";

    /// <summary>The FORM_TYPE of the room information form in disco#info.</summary>
    public const string RoomInfo = "http://jabber.org/protocol/muc#roominfo";

    /// <summary>The FORM_TYPE of the room configuration form.</summary>
    public const string RoomConfig = "http://jabber.org/protocol/muc#roomconfig";

    /// <summary>XEP-0249 Direct MUC Invitations, <c>jabber:x:conference</c>.</summary>
    public const string DirectInvitation = "jabber:x:conference";

    /// <summary>XEP-0410: the room answers self-pings itself.</summary>
    public const string SelfPingOptimization = "http://jabber.org/protocol/muc#self-ping-optimization";
}
