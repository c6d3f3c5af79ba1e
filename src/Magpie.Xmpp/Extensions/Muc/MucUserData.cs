using System.Globalization;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: the <c>&lt;x xmlns='http://jabber.org/protocol/muc#user'/&gt;</c> payload, parsed:
/// status codes, the occupant item, and the invitation, decline or destruction notices it may carry.</summary>
public sealed class MucUserData
{
    internal static readonly XNamespace Ns = MucNamespaces.User;

    /// <summary>The element name.</summary>
    public static XName ElementName { get; } = Ns + "x";

    private MucUserData(IReadOnlySet<int> statusCodes, MucItem? item)
    {
        StatusCodes = statusCodes;
        Item = item;
    }

    /// <summary>The status codes (see <see cref="MucStatusCodes"/>); codes that are not numbers are skipped.</summary>
    public IReadOnlySet<int> StatusCodes { get; }

    /// <summary>The first item, or null.</summary>
    public MucItem? Item { get; }

    /// <summary>A mediated invitation's sender (<c>&lt;invite from/&gt;</c>), or null.</summary>
    public Jid? InviteFrom { get; private init; }

    /// <summary>Whether the payload carries an <c>&lt;invite/&gt;</c>.</summary>
    public bool IsInvitation { get; private init; }

    /// <summary>The reason of an invitation or decline, or null.</summary>
    public string? InvitationReason { get; private init; }

    /// <summary>Whether the payload carries a <c>&lt;decline/&gt;</c>.</summary>
    public bool IsDecline { get; private init; }

    /// <summary>Who declined (<c>&lt;decline from/&gt;</c>), or null.</summary>
    public Jid? DeclineFrom { get; private init; }

    /// <summary>The room password sent with an invitation, or null.</summary>
    public string? Password { get; private init; }

    /// <summary>Whether the room was destroyed (<c>&lt;destroy/&gt;</c> in the final unavailable presence).</summary>
    public bool IsDestroyed { get; private init; }

    /// <summary>The destruction's reason, or null.</summary>
    public string? DestroyReason { get; private init; }

    /// <summary>The alternate room given on destruction, or null.</summary>
    public Jid? AlternateRoom { get; private init; }

    /// <summary>Whether <paramref name="code"/> is among the status codes.</summary>
    public bool Has(int code) => StatusCodes.Contains(code);

    /// <summary>The muc#user payload of <paramref name="stanza"/>, parsed, or null when it has none.</summary>
    public static MucUserData? From(Stanza stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        return stanza.GetChild(ElementName) is { } x ? Parse(x) : null;
    }

    /// <summary>Parses an <c>&lt;x/&gt;</c> in muc#user. Unparsable JIDs read as null: one bad attribute
    /// must not hide the rest (a room we are in would otherwise look empty).</summary>
    public static MucUserData Parse(XElement x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var codes = new HashSet<int>();
        foreach (var status in x.Elements(Ns + "status"))
        {
            if (int.TryParse((string?)status.Attribute("code"), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                codes.Add(code);
        }
        var item = x.Element(Ns + "item") is { } i ? ParseItem(i, Ns) : null;
        var invite = x.Element(Ns + "invite");
        var decline = x.Element(Ns + "decline");
        var destroy = x.Element(Ns + "destroy");
        return new MucUserData(codes, item)
        {
            IsInvitation = invite is not null,
            InviteFrom = TryJid((string?)invite?.Attribute("from")),
            IsDecline = decline is not null,
            DeclineFrom = TryJid((string?)decline?.Attribute("from")),
            InvitationReason = (string?)(invite ?? decline)?.Element(Ns + "reason"),
            Password = (string?)x.Element(Ns + "password"),
            IsDestroyed = destroy is not null,
            DestroyReason = (string?)destroy?.Element(Ns + "reason"),
            AlternateRoom = TryJid((string?)destroy?.Attribute("jid")),
        };
    }

    /// <summary>Reads an <c>&lt;item/&gt;</c> of muc#user or muc#admin.</summary>
    internal static MucItem ParseItem(XElement item, XNamespace ns) => new(
        ParseRole((string?)item.Attribute("role")),
        ParseAffiliation((string?)item.Attribute("affiliation")),
        TryJid((string?)item.Attribute("jid")),
        (string?)item.Attribute("nick"),
        (string?)item.Element(ns + "reason"),
        (string?)item.Element(ns + "actor")?.Attribute("nick"));

    internal static MucRole ParseRole(string? text) => text switch
    {
        "visitor" => MucRole.Visitor,
        "participant" => MucRole.Participant,
        "moderator" => MucRole.Moderator,
        _ => MucRole.None,
    };

    internal static MucAffiliation ParseAffiliation(string? text) => text switch
    {
        "outcast" => MucAffiliation.Outcast,
        "member" => MucAffiliation.Member,
        "admin" => MucAffiliation.Admin,
        "owner" => MucAffiliation.Owner,
        _ => MucAffiliation.None,
    };

    internal static Jid? TryJid(string? text) => Jid.TryParse(text, out var jid) ? jid : null;
}
