using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Blocking;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.Ping;
using Magpie.Xmpp.Extensions.Register;
using Magpie.Xmpp.Extensions.SoftwareVersion;
using Magpie.Xmpp.Extensions.VCardTemp;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>The core extensions against a real Prosody (in-band registration open, vcard_legacy, blocklist, version, ping).</summary>
[Collection("prosody")]
public sealed class ExtensionsProsodyTests(ProsodyFixture fixture)
{
    private ProsodyServer Server => fixture.Server;

    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions
        {
            Jid = Jid.Create(user, Server.Domain, "it"),
            Password = password,
            Host = Server.Host,
            Port = Server.C2sPort,
            ResponseTimeout = TimeSpan.FromSeconds(15),
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        return options;
    }

    private async Task<XmppClient> LoginAsync(string user, string password, Action<XmppClient>? configure = null)
    {
        var client = new XmppClient(Options(user, password));
        configure?.Invoke(client);
        await client.ConnectAsync();
        return client;
    }

    private async Task<string> NewUserAsync(string prefix, string password)
    {
        var user = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(user, password);
        return user;
    }

    [Fact]
    public async Task Registers_in_band_then_logs_in_and_a_second_registration_of_the_name_is_a_conflict()
    {
        var user = ProsodyServer.NewUserName("ibr");
        var form = await RegistrationExtension.GetFormAsync(Options(user, "x"));
        Assert.Contains("username", form.Fields.Keys);
        Assert.False(form.IsRegistered);

        await RegistrationExtension.RegisterAsync(Options(user, "first pass"));
        await using (var client = await LoginAsync(user, "first pass"))
            Assert.True(client.IsConnected);

        var ex = await Assert.ThrowsAsync<RegistrationException>(() => RegistrationExtension.RegisterAsync(Options(user, "other")));
        Assert.True(ex.IsNameTaken, ex.Message);
    }

    [Fact]
    public async Task Disco_ping_and_version_of_the_server()
    {
        var user = await NewUserAsync("disco", "pw");
        DiscoExtension disco = null!;
        PingExtension ping = null!;
        SoftwareVersionExtension version = null!;
        await using var client = await LoginAsync(user, "pw", c =>
        {
            disco = c.Use(new DiscoExtension());
            ping = c.Use(new PingExtension());
            version = c.Use(new SoftwareVersionExtension());
        });
        var server = Jid.Parse(Server.Domain);

        var info = await disco.GetInfoAsync(server);
        Assert.Contains(info.Identities, i => i.Category == "server" && i.Type == "im");
        Assert.True(info.HasFeature("urn:xmpp:ping"));
        Assert.True(info.HasFeature(BlockingExtension.Namespace));
        Assert.True(info.HasFeature("jabber:iq:version"));
        var items = await disco.GetItemsAsync(server);
        Assert.Contains(items, i => i.Jid.ToString() == Server.MucDomain);

        var pong = await ping.PingAsync(server);
        Assert.False(pong.AnsweredWithError);

        var software = await version.GetAsync(server);
        Assert.Equal("Prosody", software.Name);
        Assert.False(string.IsNullOrEmpty(software.Version));

        // We answer the same questions about ourselves, through the server.
        var own = await disco.GetInfoAsync(client.BoundJid!);
        Assert.Contains(new DiscoIdentity("client", "console", "Magpie"), own.Identities);
        Assert.True(own.HasFeature(SoftwareVersionExtension.Namespace));
        var ourVersion = await version.GetAsync(client.BoundJid!);
        Assert.Equal("Magpie", ourVersion.Name);
        Assert.Null(ourVersion.OperatingSystem);
    }

    [Fact]
    public async Task VCard_set_and_get_back_also_by_another_user()
    {
        var alice = await NewUserAsync("vcard", "pw");
        var bob = await NewUserAsync("vcardreader", "pw");
        VCardExtension vcards = null!;
        await using var client = await LoginAsync(alice, "pw", c => vcards = c.Use(new VCardExtension()));

        var card = new VCard { FullName = "Alice Example", Nickname = "ali", Note = "hello" };
        card.Emails.Add(new VCardEntry("alice@example.org", ["INTERNET", "PREF"]));
        card.Telephones.Add(new VCardEntry("+1 555 0100", ["WORK", "VOICE"]));
        await vcards.SetAsync(card);

        var mine = await vcards.GetAsync();
        Assert.NotNull(mine);
        Assert.Equal("Alice Example", mine.FullName);
        Assert.Equal("ali", mine.Nickname);
        Assert.Equal("alice@example.org", Assert.Single(mine.Emails).Value);

        VCardExtension reader = null!;
        await using var other = await LoginAsync(bob, "pw", c => reader = c.Use(new VCardExtension()));
        var seen = await reader.GetAsync(client.BoundJid!.Bare);
        Assert.Equal("Alice Example", seen?.FullName);
    }

    [Fact]
    public async Task Block_unblock_and_list_with_pushes()
    {
        var user = await NewUserAsync("block", "pw");
        BlockingExtension blocking = null!;
        var pushes = new System.Collections.Concurrent.ConcurrentQueue<BlockListChangedEventArgs>();
        var firstPush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await LoginAsync(user, "pw", c =>
        {
            blocking = c.Use(new BlockingExtension());
            blocking.BlockListChanged += (_, e) => { pushes.Enqueue(e); firstPush.TrySetResult(); };
        });
        Assert.Empty(await blocking.GetBlockListAsync());

        var romeo = Jid.Parse("romeo@montague.example");
        var spam = Jid.Parse("spam.example");
        await blocking.BlockAsync([romeo, spam]);
        await firstPush.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(romeo, blocking.BlockList);

        var list = await blocking.GetBlockListAsync();
        Assert.Equal(2, list.Count);
        await blocking.UnblockAsync([romeo]);
        Assert.Equal([spam], await blocking.GetBlockListAsync());
        await blocking.UnblockAllAsync();
        Assert.Empty(await blocking.GetBlockListAsync());
    }

    [Fact]
    public async Task Change_password_then_the_new_one_works_and_the_old_one_not()
    {
        var user = ProsodyServer.NewUserName("chpw");
        await RegistrationExtension.RegisterAsync(Options(user, "old pass"));
        RegistrationExtension registration = null!;
        await using (var client = await LoginAsync(user, "old pass", c => registration = c.Use(new RegistrationExtension())))
            await registration.ChangePasswordAsync("new pass");

        await using (var again = await LoginAsync(user, "new pass"))
            Assert.True(again.IsConnected);
        await using var old = new XmppClient(Options(user, "old pass"));
        await Assert.ThrowsAsync<XmppAuthenticationException>(() => old.ConnectAsync());
    }

    [Fact]
    public async Task Cancel_registration_then_login_fails()
    {
        var user = ProsodyServer.NewUserName("gone");
        await RegistrationExtension.RegisterAsync(Options(user, "pw"));
        RegistrationExtension registration = null!;
        await using (var client = await LoginAsync(user, "pw", c => registration = c.Use(new RegistrationExtension())))
            await registration.CancelRegistrationAsync();

        await using var again = new XmppClient(Options(user, "pw"));
        await Assert.ThrowsAsync<XmppAuthenticationException>(() => again.ConnectAsync());
    }
}
