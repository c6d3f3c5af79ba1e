using System.Security.Cryptography;
using Magpie.Cli.Presentation;
using Magpie.Cli.Session;
using Magpie.Xmpp;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The client screen's direct file transfer (Jingle) on the real backend: two screens through Prosody,
/// one sending with /sendfile --direct to the client its presence and disco name, the other answering with /accept and /reject.</summary>
[Collection("prosody")]
public sealed class TuiDirectFileTests(ProsodyFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-tui-direct-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions { Jid = Jid.Parse($"{user}@{fixture.Server.Domain}"), Password = password, Host = fixture.Server.Host, Port = fixture.Server.C2sPort };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        return options;
    }

    private static async Task WaitForAsync(SerialDispatcher ui, Func<bool> done, string what)
    {
        try
        {
            await ui.WhenAsync(done).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("waited 30 s for " + what);
        }
    }

    private static bool Shows(ClientViewModel vm, string text) =>
        vm.Windows.Any(w => w.Lines.Any(l => l.Text.Contains(text, StringComparison.Ordinal)));

    [Fact]
    public async Task Sendfile_direct_reaches_the_other_screen_which_accepts_then_rejects()
    {
        var alice = await fixture.Server.CreateNewUserAsync("jtsa", "a-pass");
        var bob = await fixture.Server.CreateNewUserAsync("jtsb", "b-pass");
        var aliceJid = Jid.Parse($"{alice}@{fixture.Server.Domain}");
        var bobJid = Jid.Parse($"{bob}@{fixture.Server.Domain}");
        var aliceUi = new SerialDispatcher();
        var bobUi = new SerialDispatcher();
        await using var aliceBackend = new XmppChatBackend(Options(alice, "a-pass"));
        await using var bobBackend = new XmppChatBackend(Options(bob, "b-pass"));
        var aliceVm = new ClientViewModel(aliceBackend, aliceUi, files: aliceBackend.Files, direct: aliceBackend.DirectFiles);
        var bobVm = new ClientViewModel(bobBackend, bobUi, files: bobBackend.Files, direct: bobBackend.DirectFiles);
        aliceUi.Post(aliceVm.Connect);
        bobUi.Post(bobVm.Connect);
        await WaitForAsync(aliceUi, () => aliceVm.Connection == ConnectionStatus.Online, "alice online");
        await WaitForAsync(bobUi, () => bobVm.Connection == ConnectionStatus.Online, "bob online");

        // Alice sees Bob's presence, so she can find his client.
        aliceUi.Post(() => aliceVm.Execute($"/sub request {bobJid}"));
        await WaitForAsync(bobUi, () => bobVm.Roster.Rows.Any(r => r.Kind == RosterRowKind.Request && r.Jid == aliceJid), "alice's request");
        bobUi.Post(() => bobVm.Execute($"/sub approve {aliceJid}"));
        await WaitForAsync(aliceUi, () => aliceVm.Roster.Rows.Any(r => r.Jid == bobJid && r.Look != PresenceLook.Offline), "bob's presence");

        var source = Path.Combine(_dir, "report.bin");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes(300_000));
        var inbox = Path.Combine(_dir, "inbox");
        aliceUi.Post(() => aliceVm.OpenChat(bobJid, focus: true));
        aliceUi.Post(() => aliceVm.Execute("/sendfile --direct " + source));
        await WaitForAsync(bobUi, () => bobVm.OffersPending == 1, "the offer on bob's screen");
        Assert.True(bobUi.Read(() => Shows(bobVm, "offers the file report.bin (293 KiB)")));
        bobUi.Post(() => bobVm.OpenChat(aliceJid, focus: true));
        bobUi.Post(() => bobVm.Execute("/accept " + inbox));
        await WaitForAsync(aliceUi, () => Shows(aliceVm, "SHA-256 confirmed by the receiver"), "alice's result line");
        await WaitForAsync(bobUi, () => Shows(bobVm, "SHA-256 checked, saved to " + Path.Combine(inbox, "report.bin")), "bob's result line");
        Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(source)), SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(inbox, "report.bin"))));

        aliceUi.Post(() => aliceVm.Execute("/sendfile --direct " + source));
        await WaitForAsync(bobUi, () => bobVm.OffersPending == 1, "the second offer");
        bobUi.Post(() => bobVm.Execute("/reject"));
        await WaitForAsync(aliceUi, () => Shows(aliceVm, "report.bin: declined by " + bobJid), "alice told of the decline");
        Assert.Equal(["report.bin"], Directory.GetFiles(inbox).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Sendfile_direct_to_a_contact_with_no_client_online_says_none_advertises_it()
    {
        var alice = await fixture.Server.CreateNewUserAsync("jtna", "a-pass");
        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(Options(alice, "a-pass"));
        var vm = new ClientViewModel(backend, ui, files: backend.Files, direct: backend.DirectFiles);
        ui.Post(vm.Connect);
        await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "online");
        var source = Path.Combine(_dir, "a.txt");
        await File.WriteAllTextAsync(source, "x");
        ui.Post(() => vm.OpenChat(Jid.Parse("nobody@" + fixture.Server.Domain), focus: true));
        ui.Post(() => vm.Execute("/sendfile --direct " + source));
        await WaitForAsync(ui, () => Shows(vm, "advertises direct file transfer"), "the no-receiver line");
    }
}
