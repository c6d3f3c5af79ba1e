using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Presentation;

public sealed class RosterModelTests
{
    [Fact]
    public void Groups_contacts_with_presence_symbols_and_unread_counts()
    {
        var model = new RosterModel();
        var alice = Jid.Parse("alice@example.org");
        model.Update(
        [
            new ContactInfo(alice, "Alice", ["Friends"], RosterSubscription.Both, false, PresenceShow.Dnd, null),
            new ContactInfo(Jid.Parse("bob@example.org"), null, [], RosterSubscription.None, true, null, null),
            new ContactInfo(Jid.Parse("carl@example.org"), "Carl", ["Friends"], RosterSubscription.Both, false, null, null),
        ],
        [new SubscriptionRequest(Jid.Parse("dan@example.org/x"), null, DateTimeOffset.Now)],
        jid => jid == alice ? 3 : 0);
        Assert.Equal(
        [
            "Friends", "! Alice (3)", "- Carl",
            "Contacts", "- bob@example.org ?",
            "Requests", "? dan@example.org",
        ], model.Rows.Select(r => r.Text));
        Assert.Equal(PresenceLook.Dnd, model.Rows[1].Look);
        Assert.Equal(RosterRowKind.Request, model.Rows[^1].Kind);
    }
}
