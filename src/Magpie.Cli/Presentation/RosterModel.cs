using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;

namespace Magpie.Cli.Presentation;

/// <summary>The roster pane: contacts by group with presence and unread counts, then pending requests.</summary>
internal sealed class RosterModel
{
    /// <summary>The heading for contacts without a group.</summary>
    public const string NoGroup = "Contacts";

    private IReadOnlyList<ContactInfo> _contacts = [];

    private Dictionary<Jid, ContactInfo> _byJid = [];

    /// <summary>The rows to draw, in order.</summary>
    public IReadOnlyList<RosterRow> Rows { get; private set; } = [];

    /// <summary>Every contact JID, for completion.</summary>
    public IEnumerable<Jid> Jids => _contacts.Select(c => c.Jid);

    /// <summary>The display name of <paramref name="jid"/>: roster name or the JID, as <see cref="SafeText.Name"/>
    /// and <see cref="SafeText.Address(Jid?)"/> show them (two different ones never look the same).</summary>
    public string DisplayName(Jid jid) => DisplayName(jid, Find(jid));

    private static string DisplayName(Jid jid, ContactInfo? contact) =>
        string.IsNullOrWhiteSpace(contact?.Name) ? SafeText.Address(jid.Bare) : SafeText.Name(contact.Name);

    /// <summary>The contact's current presence, if on the roster.</summary>
    public ContactInfo? Find(Jid jid) => _byJid.GetValueOrDefault(jid.Bare);

    /// <summary>In a room window the pane lists the occupants instead of the roster.</summary>
    public void ShowOccupants(string room, IReadOnlyList<string> occupants)
    {
        var rows = new List<RosterRow> { new(RosterRowKind.Group, room, PresenceLook.Offline, null) };
        rows.AddRange(occupants.Select(o => new RosterRow(RosterRowKind.Occupant, o, PresenceLook.Online, null)));
        Rows = rows;
    }

    /// <summary>Rebuilds the rows from a fresh snapshot.</summary>
    /// <param name="contacts">The roster with presence.</param>
    /// <param name="requests">Pending subscription requests.</param>
    /// <param name="unread">Unread count per bare JID.</param>
    public void Update(IReadOnlyList<ContactInfo> contacts, IReadOnlyList<SubscriptionRequest> requests, Func<Jid, int> unread)
    {
        _contacts = contacts;
        // Indexed once per update: a 10,000-contact roster made per-row linear lookups quadratic.
        var byJid = new Dictionary<Jid, ContactInfo>();
        foreach (var c in contacts)
            byJid.TryAdd(c.Jid.Bare, c);
        _byJid = byJid;
        var rows = new List<RosterRow>();
        var byGroup = contacts
            .SelectMany(c => (c.Groups.Count == 0 ? [NoGroup] : c.Groups).Select(g => (Group: g, Contact: c)))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key == NoGroup ? 1 : 0).ThenBy(g => g.Key, StringComparer.CurrentCultureIgnoreCase);
        foreach (var group in byGroup)
        {
            rows.Add(new RosterRow(RosterRowKind.Group, SafeText.Name(group.Key), PresenceLook.Offline, null));
            var members = group.Select(x => x.Contact)
                .OrderBy(c => c.Show is null ? 1 : 0)
                .ThenBy(c => c.Name ?? c.Jid.ToString(), StringComparer.CurrentCultureIgnoreCase);
            foreach (var c in members)
            {
                var look = PresenceLooks.From(c.Show);
                var name = DisplayName(c.Jid, c);
                var count = unread(c.Jid);
                var suffix = count > 0 ? " (" + count.ToString(CultureInfo.InvariantCulture) + ")" : "";
                var ask = c.AskPending ? " ?" : "";
                rows.Add(new RosterRow(RosterRowKind.Contact, $"{PresenceLooks.Symbol(look)} {name}{ask}{suffix}", look, c.Jid));
            }
        }
        if (requests.Count > 0)
        {
            rows.Add(new RosterRow(RosterRowKind.Group, "Requests", PresenceLook.Offline, null));
            foreach (var r in requests)
                rows.Add(new RosterRow(RosterRowKind.Request, "? " + SafeText.Address(r.From.Bare), PresenceLook.Away, r.From.Bare));
        }
        Rows = rows;
    }
}
