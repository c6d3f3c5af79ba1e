using System.Diagnostics;
using Magpie.Cli.Presentation;
using Magpie.Cli.Session;
using Magpie.Samples.EchoBot;
using Magpie.Testing.Prosody;
using Magpie.Xmpp;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The client screen's view model on the real backend against Prosody, without a terminal:
/// register, subscriptions both ways with the echo bot, chat, delete the account.</summary>
[Collection("prosody")]
public sealed class ChatBackendProsodyTests(ProsodyFixture fixture)
{
    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions { Jid = Jid.Parse($"{user}@{fixture.Server.Domain}"), Password = password, Host = fixture.Server.Host, Port = fixture.Server.C2sPort };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        return options;
    }

    private static async Task WaitForAsync(SerialDispatcher ui, Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!ui.Read(done))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException("waited 20 s for " + what);
            await Task.Delay(25); // polling interval
        }
    }

    [Fact]
    public async Task Register_subscribe_both_ways_chat_and_delete_the_account()
    {
        var bot = ProsodyServer.NewUserName("bot");
        await fixture.Server.CreateUserAsync(bot, "bot-pass");
        await using var echo = new EchoBot(Options(bot, "bot-pass"), TimeSpan.FromMilliseconds(200));
        await echo.StartAsync();

        var user = ProsodyServer.NewUserName("tui");
        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(Options(user, "tui-pass"));
        var vm = new ClientViewModel(backend, ui);
        string Text() => string.Join("\n", vm.Windows.SelectMany(w => w.Lines).Select(l => l.Text));

        ui.Post(() => vm.Execute("/register"));
        await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "login after registration");
        Assert.Contains("Account created.", ui.Read(Text), StringComparison.Ordinal);

        ui.Post(() => vm.Execute($"/roster add {echo.Jid} Echo"));
        ui.Post(() => vm.Execute($"/sub request {echo.Jid}"));
        await WaitForAsync(ui, () => vm.Roster.Rows.Any(r => r.Kind == RosterRowKind.Request && r.Jid == echo.Jid), "the bot asking back");
        ui.Post(() => vm.Execute($"/sub approve {echo.Jid}"));
        await WaitForAsync(ui, () => vm.Roster.Rows.All(r => r.Kind != RosterRowKind.Request), "the request to be answered");
        await WaitForAsync(ui, () => vm.Roster.Rows.Any(r => r.Jid == echo.Jid && r.Look == PresenceLook.Chat), "the bot's presence");

        ui.Post(() => vm.Execute($"/msg {echo.Jid} ping"));
        await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Kind == LineKind.Theirs && l.Text == "ping"), "the echo");
        await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Kind == LineKind.Mine && l.Delivered), "the receipt");

        ui.Post(() => vm.Execute("/delete-account"));
        ui.Post(() => vm.Execute($"{user}@{fixture.Server.Domain}"));
        await WaitForAsync(ui, () => Text().Contains("The account is deleted.", StringComparison.Ordinal), "the deletion");
        await using var again = new XmppClient(Options(user, "tui-pass"));
        await Assert.ThrowsAsync<XmppAuthenticationException>(() => again.ConnectAsync());
    }
}
