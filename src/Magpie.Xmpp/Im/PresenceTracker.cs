using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im;

/// <summary>
/// The presence table: for every entity that sent us presence, each available resource's show, status,
/// priority and time, plus an error state. Entities outside the roster and our own account's resources are
/// tracked too. Thread-safe; reads return snapshots.
/// </summary>
public sealed class PresenceTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Jid, Contact> _contacts = [];

    private sealed class Contact
    {
        public Dictionary<string, ResourcePresence> Resources { get; } = new(StringComparer.Ordinal);
        public StanzaError? Error { get; set; }
    }

    internal PresenceTracker() { }

    /// <summary>The bare JIDs with at least one available resource or an error.</summary>
    public IReadOnlyCollection<Jid> Contacts
    {
        get { lock (_gate) return [.. _contacts.Keys]; }
    }

    /// <summary>The available resources of <paramref name="jid"/> (compared as a bare JID), by resource; empty when none.</summary>
    public IReadOnlyDictionary<string, ResourcePresence> GetResources(Jid jid)
    {
        ArgumentNullException.ThrowIfNull(jid);
        lock (_gate)
        {
            return _contacts.TryGetValue(jid.Bare, out var contact)
                ? new Dictionary<string, ResourcePresence>(contact.Resources, StringComparer.Ordinal)
                : new Dictionary<string, ResourcePresence>(StringComparer.Ordinal);
        }
    }

    /// <summary>The resource to address by default: highest priority, then most available show, then most
    /// recent. Null when nothing is available.</summary>
    public ResourcePresence? GetBestResource(Jid jid)
    {
        ArgumentNullException.ThrowIfNull(jid);
        lock (_gate)
            return _contacts.TryGetValue(jid.Bare, out var contact) ? Best(contact) : null;
    }

    /// <summary>The error the contact's last presence error carried, or null when it is not in the error state.</summary>
    public StanzaError? GetError(Jid jid)
    {
        ArgumentNullException.ThrowIfNull(jid);
        lock (_gate)
            return _contacts.TryGetValue(jid.Bare, out var contact) ? contact.Error : null;
    }

    /// <summary>Whether any resource of <paramref name="jid"/> is available.</summary>
    public bool IsAvailable(Jid jid) => GetBestResource(jid) is not null;

    /// <summary>Applies an incoming available, unavailable or error presence; returns what changed, or null
    /// when the presence was of another type or changed nothing.</summary>
    internal ContactPresenceChangedEventArgs? Apply(Presence presence, DateTimeOffset now)
    {
        if (presence.From is not { } from)
            return null;
        var bare = from.Bare;
        var resource = from.Resource ?? "";
        lock (_gate)
        {
            switch (presence.Type)
            {
                case PresenceType.Available:
                {
                    var contact = GetOrAdd(bare);
                    contact.Error = null; // Hearing from the contact again ends the error state.
                    var entry = new ResourcePresence(resource, presence.Show, presence.Status, presence.Priority, now);
                    contact.Resources[resource] = entry;
                    return new ContactPresenceChangedEventArgs(from, entry, null, Best(contact));
                }
                case PresenceType.Unavailable:
                {
                    if (!_contacts.TryGetValue(bare, out var contact))
                        return null;
                    bool removed;
                    if (from.IsBare)
                    {
                        // Unavailable from the bare JID: every resource is gone (RFC 6121 §4.5.3 server behaviour).
                        removed = contact.Resources.Count > 0;
                        contact.Resources.Clear();
                    }
                    else
                    {
                        removed = contact.Resources.Remove(resource);
                    }
                    if (contact.Resources.Count == 0 && contact.Error is null)
                        _contacts.Remove(bare);
                    return removed ? new ContactPresenceChangedEventArgs(from, null, null, Best(contact)) : null;
                }
                case PresenceType.Error:
                {
                    var contact = GetOrAdd(bare);
                    // RFC 6121 §4.3.2, §4.5: an error means the contact cannot be reached; nothing it sent before stands.
                    contact.Resources.Clear();
                    contact.Error = presence.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition");
                    return new ContactPresenceChangedEventArgs(from, null, contact.Error, null);
                }
                default:
                    return null;
            }
        }
    }

    /// <summary>Forgets everything: we went unavailable or the session ended, so nothing known is current.</summary>
    internal void Clear()
    {
        lock (_gate)
            _contacts.Clear();
    }

    private Contact GetOrAdd(Jid bare)
    {
        if (!_contacts.TryGetValue(bare, out var contact))
            _contacts[bare] = contact = new Contact();
        return contact;
    }

    private static ResourcePresence? Best(Contact contact) =>
        contact.Resources.Values
            .OrderByDescending(r => r.Priority)
            .ThenBy(r => ShowRank(r.Show))
            .ThenByDescending(r => r.LastUpdated)
            .ThenBy(r => r.Resource, StringComparer.Ordinal)
            .FirstOrDefault();

    // Most available first.
    private static int ShowRank(PresenceShow show) => show switch
    {
        PresenceShow.Chat => 0,
        PresenceShow.Online => 1,
        PresenceShow.Away => 2,
        PresenceShow.Xa => 3,
        _ => 4,
    };
}
