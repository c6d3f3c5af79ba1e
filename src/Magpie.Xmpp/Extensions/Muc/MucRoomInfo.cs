using System.Globalization;
using Magpie.Xmpp.Extensions.Disco;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §6.4: what disco#info says about a room (features and the muc#roominfo form).</summary>
public sealed class MucRoomInfo
{
    private MucRoomInfo(Jid jid, DiscoInfo info)
    {
        Jid = jid;
        Info = info;
    }

    /// <summary>The room.</summary>
    public Jid Jid { get; }

    /// <summary>The raw answer.</summary>
    public DiscoInfo Info { get; }

    /// <summary>The room's name (conference identity), or null (untrusted).</summary>
    public string? Name => Info.Identities.FirstOrDefault(i => i.Category == "conference")?.Name;

    /// <summary>The description from the room info form, or null (untrusted).</summary>
    public string? Description => Field("muc#roominfo_description");

    /// <summary>The subject from the room info form, or null (untrusted).</summary>
    public string? Subject => Field("muc#roominfo_subject");

    /// <summary>The number of occupants, when the room says.</summary>
    public int? OccupantCount =>
        int.TryParse(Field("muc#roominfo_occupants"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Whether a password is needed (<c>muc_passwordprotected</c>).</summary>
    public bool IsPasswordProtected => Info.HasFeature("muc_passwordprotected");

    /// <summary>Whether only members may enter.</summary>
    public bool IsMembersOnly => Info.HasFeature("muc_membersonly");

    /// <summary>Whether only participants with voice may speak.</summary>
    public bool IsModerated => Info.HasFeature("muc_moderated");

    /// <summary>Whether the room outlives its last occupant.</summary>
    public bool IsPersistent => Info.HasFeature("muc_persistent");

    /// <summary>Whether the room is listed in the service's directory.</summary>
    public bool IsPublic => Info.HasFeature("muc_public");

    /// <summary>Whether everyone sees real JIDs.</summary>
    public bool IsNonAnonymous => Info.HasFeature("muc_nonanonymous");

    /// <summary>Whether the room answers XEP-0410 self-pings itself.</summary>
    public bool HasSelfPingOptimization => Info.HasFeature(MucNamespaces.SelfPingOptimization);

    /// <summary>Reads a room's disco#info answer.</summary>
    /// <exception cref="XmppPayloadException">The entity is not a room (no conference identity or muc feature).</exception>
    public static MucRoomInfo FromDisco(Jid room, DiscoInfo info)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(info);
        if (!info.HasFeature(MucNamespaces.Muc) && !info.Identities.Any(i => i.Category == "conference"))
            throw new XmppPayloadException($"{room} is not a multi-user chat room.");
        return new MucRoomInfo(room, info);
    }

    private string? Field(string var) => Info.GetExtension(MucNamespaces.RoomInfo)?.GetField(var)?.Value;
}
