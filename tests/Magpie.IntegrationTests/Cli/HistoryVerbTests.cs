using System.Collections;
using System.Text.Json;
using Magpie.Prosody;
using Magpie.Xmpp;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie history</c> against Prosody's archive (mod_mam), with the local store in a temp XDG_DATA_HOME.</summary>
[Collection("prosody")]
public sealed class HistoryVerbTests(ProsodyFixture fixture) : IDisposable
{
    private readonly CliRunner _cli = new(fixture.Server);
    private readonly string _dataHome = Directory.CreateTempSubdirectory("magpie-history-it-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_dataHome, recursive: true);
    }

    private Hashtable Environment(string owner)
    {
        // One data home per person, as on two machines.
        var home = Path.Combine(_dataHome, owner);
        Directory.CreateDirectory(home);
        return new Hashtable { ["XDG_DATA_HOME"] = home };
    }

    private static List<JsonElement> JsonLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task Messages_received_while_offline_appear_once_and_own_messages_are_out()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("hista");
        var (bob, bobFile) = await _cli.NewAccountAsync("histb");
        // Bob is offline: he never logged in. Alice's messages go to his archive (and offline storage).
        var sent = new List<string>();
        var aliceEnv = Environment("alice");
        foreach (var text in new[] { "first while you slept", "second <with> & markup", "third 😀" })
        {
            // Alice keeps a local history too: `send` stores what it sent.
            var (code, stdout, stderr) = await CliRunner.RunAsync(_cli.WithAccount(alice, aliceFile, "send", bob, text), aliceEnv);
            Assert.True(code == 0, stderr);
            sent.Add(stdout.Trim());
        }

        var bobEnv = Environment("bob");
        var (code1, out1, err1) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code1 == 0, err1);
        Assert.Contains("fetched 3 new messages", err1, StringComparison.Ordinal);
        var lines = JsonLines(out1);
        Assert.Equal(["first while you slept", "second <with> & markup", "third 😀"], lines.Select(l => l.GetProperty("body").GetString()));
        Assert.All(lines, l => Assert.Equal("in", l.GetProperty("direction").GetString()));
        Assert.All(lines, l => Assert.StartsWith(alice + "/", l.GetProperty("from").GetString(), StringComparison.Ordinal));
        Assert.Equal(sent, lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines, l => Assert.Equal(JsonValueKind.String, l.GetProperty("delay").ValueKind));
        foreach (var field in new[] { "type", "chat_state", "xhtml_text", "oob_url", "carbon" })
            Assert.True(lines[0].TryGetProperty(field, out _), field);

        // Again: nothing new in the archive, nothing doubled locally.
        var (code2, out2, err2) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code2 == 0, err2);
        Assert.Contains("fetched 0 new messages", err2, StringComparison.Ordinal);
        Assert.Equal(lines.Select(l => l.GetProperty("body").GetString()), JsonLines(out2).Select(l => l.GetProperty("body").GetString()));

        // Alice's own history: `send` stored the three going out; her archive's copies are the same
        // messages (same origin-ids), so they add nothing but their archive ids and the server's ack.
        var (code3, out3, err3) = await CliRunner.RunAsync(_cli.WithAccount(alice, aliceFile, "history", bob, "--json", "--limit", "2"), aliceEnv);
        Assert.True(code3 == 0, err3);
        Assert.Contains("fetched 0 new messages", err3, StringComparison.Ordinal);
        var own = JsonLines(out3);
        Assert.Equal(["second <with> & markup", "third 😀"], own.Select(l => l.GetProperty("body").GetString()));
        Assert.All(own, l => Assert.Equal("out", l.GetProperty("direction").GetString()));
        Assert.All(own, l => Assert.Equal(bob, l.GetProperty("to").GetString()));
        Assert.All(own, l => Assert.Equal("acked", l.GetProperty("state").GetString()));
        Assert.All(own, l => Assert.Equal(JsonValueKind.String, l.GetProperty("archive_id").ValueKind));
        Assert.Equal(sent[1..], own.Select(l => l.GetProperty("id").GetString()));

        // Search, in text mode: only the matching message, sanitised.
        var (code4, out4, err4) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--search", "MARKUP"), bobEnv);
        Assert.True(code4 == 0, err4);
        var found = Assert.Single(out4.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("< " + alice + "/", found, StringComparison.Ordinal);
        Assert.EndsWith(": second <with> & markup", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_seen_live_by_listen_is_not_doubled_by_the_archive()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("livea");
        var (bob, bobFile) = await _cli.NewAccountAsync("liveb");
        var bobEnv = Environment("bob-live");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "1", "--timeout", "25"),
            TextReader.Null, listenOut, listenErr, bobEnv);
        await CliRunner.WaitForTextAsync(readErr, "listening as", TimeSpan.FromSeconds(20));
        var (sendCode, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "seen live");
        Assert.True(sendCode == 0, sendErr);
        Assert.True(await listening.WaitAsync(TimeSpan.FromSeconds(25)) == 0, readErr());
        Assert.Contains("seen live", readOut(), StringComparison.Ordinal);

        // Listen stored it with the stanza-id Prosody stamped; the archive's copy has the same id.
        var (code, stdout, stderr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code == 0, stderr);
        Assert.Contains("fetched 0 new messages", stderr, StringComparison.Ordinal);
        var line = Assert.Single(JsonLines(stdout));
        Assert.Equal("seen live", line.GetProperty("body").GetString());
        Assert.Equal("in", line.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Stanza_ids_forged_in_our_name_neither_double_a_message_nor_hide_a_real_one()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("sida");
        var (bob, bobFile) = await _cli.NewAccountAsync("sidb");
        var malloryName = ProsodyServer.NewUserName("sidm");
        await fixture.Server.CreateUserAsync(malloryName, "pw-" + malloryName);
        var (sendCode, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "the real one");
        Assert.True(sendCode == 0, sendErr);

        // Mallory learns the archive id of Alice's message (here: from another copy of Bob's history, which also
        // takes the offline copy away, so that Bob's listen below sees only Mallory's messages).
        var peekEnv = Environment("bob-peek");
        var (peekListen, _, peekListenErr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "1", "--timeout", "20"), peekEnv);
        Assert.True(peekListen == 0, peekListenErr);
        var (peekCode, peekOut, peekErr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), peekEnv);
        Assert.True(peekCode == 0, peekErr);
        var realId = Assert.Single(JsonLines(peekOut)).GetProperty("archive_id").GetString()!;

        var bobEnv = Environment("bob-forged");
        var (listenOut, readOut) = CliRunner.SharedWriter();
        var (listenErr, readErr) = CliRunner.SharedWriter();
        var listening = CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "2", "--timeout", "25"),
            TextReader.Null, listenOut, listenErr, bobEnv);
        await CliRunner.WaitForTextAsync(readErr, "listening as", TimeSpan.FromSeconds(20));

        // Prosody 0.12 relays a stanza-id claiming to be by Bob's account ahead of the one it adds itself.
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse($"{malloryName}@{fixture.Server.Domain}/x"),
            Password = "pw-" + malloryName,
            Host = fixture.Server.Host,
            Port = fixture.Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        await using (var mallory = new XmppClient(options))
        {
            await mallory.ConnectAsync();
            foreach (var (body, id) in new[] { ("forged in your name", "forged-1"), ("claims a real id", realId) })
            {
                var message = new Magpie.Xmpp.Stanzas.Message(Jid.Parse(bob), body);
                message.Element.Add(new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("stanza-id", "urn:xmpp:sid:0"),
                    new System.Xml.Linq.XAttribute("by", bob), new System.Xml.Linq.XAttribute("id", id)));
                await mallory.SendAsync(message);
            }
            Assert.True(await listening.WaitAsync(TimeSpan.FromSeconds(25)) == 0, readErr());
            await mallory.DisconnectAsync();
        }
        Assert.Contains("claims a real id", readOut(), StringComparison.Ordinal);

        // The archive's copies of Mallory's messages are the ones listen stored: each once.
        var mallory2 = $"{malloryName}@{fixture.Server.Domain}";
        var (code1, out1, err1) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", mallory2, "--json"), bobEnv);
        Assert.True(code1 == 0, err1);
        Assert.Equal(["forged in your name", "claims a real id"], JsonLines(out1).Select(l => l.GetProperty("body").GetString()));
        Assert.DoesNotContain(JsonLines(out1), l => l.GetProperty("archive_id").GetString() is "forged-1" || l.GetProperty("archive_id").GetString() == realId);
        // Alice's real message is not taken for a copy of Mallory's.
        var (code2, out2, err2) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code2 == 0, err2);
        var real = Assert.Single(JsonLines(out2));
        Assert.Equal("the real one", real.GetProperty("body").GetString());
        Assert.Equal(realId, real.GetProperty("archive_id").GetString());
    }

    [Fact]
    public async Task Offline_delivery_after_the_archive_fetch_is_not_doubled()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("offa");
        var (bob, bobFile) = await _cli.NewAccountAsync("offb");
        var bobEnv = Environment("bob-offline");
        var (sendCode, _, sendErr) = await _cli.RunAsAsync(alice, aliceFile, "send", bob, "kept for you");
        Assert.True(sendCode == 0, sendErr);

        // History fetches it from the archive without going online, so it stays in offline storage too.
        var (code1, out1, err1) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code1 == 0, err1);
        Assert.True(JsonLines(out1).Count == 1, err1 + out1);

        // Going online delivers the offline copy; listen stores it, recognised by its stanza-id.
        var (listenCode, listenOut, listenErr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "listen", "--count", "1", "--timeout", "20"), bobEnv);
        Assert.True(listenCode == 0, listenErr);
        Assert.Contains("kept for you", listenOut, StringComparison.Ordinal);

        var (code2, out2, err2) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", alice, "--json"), bobEnv);
        Assert.True(code2 == 0, err2);
        var line = Assert.Single(JsonLines(out2));
        Assert.Equal("kept for you", line.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Room_history_comes_from_the_room_archive_once()
    {
        var (alice, aliceFile) = await _cli.NewAccountAsync("rooma");
        var (bob, bobFile) = await _cli.NewAccountAsync("roomb");
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse(alice + "/lib"),
            Password = File.ReadAllLines(aliceFile)[0],
            Host = fixture.Server.Host,
            Port = fixture.Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        await using var client = new XmppClient(options);
        await client.ConnectAsync();
        var room = ProsodyServer.NewUserName("hist") + "@conference.localhost";
        var occupant = await Rooms.CreateAndPostAsync(client, Jid.Parse(room), "alice", "room says one", "room says two");

        var bobEnv = Environment("bob-room");
        for (var run = 0; run < 2; run++)
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", room, "--room", "--json"), bobEnv);
            Assert.True(code == 0, stderr);
            Assert.Contains($"fetched {(run == 0 ? 2 : 0)} new messages from the room archive", stderr, StringComparison.Ordinal);
            var lines = JsonLines(stdout);
            Assert.Equal(["room says one", "room says two"], lines.Select(l => l.GetProperty("body").GetString()));
            Assert.All(lines, l => Assert.Equal(occupant.ToString(), l.GetProperty("from").GetString()));
            Assert.All(lines, l => Assert.Equal("groupchat", l.GetProperty("type").GetString()));
        }
    }

    [Fact]
    public async Task History_without_a_data_directory_is_a_usage_error_before_logging_in()
    {
        var (bob, bobFile) = await _cli.NewAccountAsync("histnodir");
        var (code, _, stderr) = await CliRunner.RunAsync(_cli.WithAccount(bob, bobFile, "history", "alice@localhost"), new Hashtable());
        Assert.Equal(1, code);
        Assert.Contains("XDG_DATA_HOME", stderr, StringComparison.Ordinal);
    }
}
