using Magpie.Testing.Secrets;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Sasl;

namespace Magpie.Xmpp.Tests.Diagnostics;

public class SecretsInToStringTests
{
    [Fact]
    public void No_type_of_the_library_prints_a_password_in_ToString()
    {
        var found = SecretLeakScan.TypesHoldingSecrets(typeof(XmppClient).Assembly);
        // The scan is not vacuous: it finds the records known to carry passwords.
        Assert.Contains(typeof(XmppClientOptions), found);
        Assert.Contains(typeof(Bookmark), found);
        Assert.Contains(typeof(MucJoinOptions), found);
        Assert.Contains(typeof(SaslCredentials), found);

        var leaks = SecretLeakScan.Leaks(typeof(XmppClient).Assembly);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public void The_options_still_print_their_other_members_and_say_a_password_is_set()
    {
        var options = new XmppClientOptions { Jid = Jid.Parse("juliet@example.com"), Password = "hunter2", Host = "xmpp.example.net" };

        var text = options.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("Jid = juliet@example.com", text, StringComparison.Ordinal);
        Assert.Contains("Host = xmpp.example.net", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", (options with { Host = null }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bookmark_without_a_password_says_so()
    {
        Assert.DoesNotContain("***", new Bookmark(Jid.Parse("room@muc.example.com")).ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", new Bookmark(Jid.Parse("room@muc.example.com"), Password: "door").ToString(), StringComparison.Ordinal);
    }
}
