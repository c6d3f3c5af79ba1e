using System.Text.Json;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie muc …</c> and <c>magpie bookmarks …</c> against Prosody's MUC component.</summary>
[Collection("prosody")]
public sealed class MucVerbsTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    private string NewRoom(string prefix) => $"{prefix}-{Guid.NewGuid():N}@{_cli.Server.MucDomain}";

    [Fact]
    public async Task Create_info_join_send_occupants_subject_kick_and_destroy()
    {
        var (owner, ownerFile) = await _cli.NewAccountAsync("mo");
        var (alice, aliceFile) = await _cli.NewAccountAsync("ma");
        var room = NewRoom("cli");

        var (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "create", room, "--nick", "Boss",
            "--config", "muc#roomconfig_roomname=CLI room", "--config", "muc#roomconfig_publicroom=1");
        Assert.True(code == 0, stderr);
        Assert.Equal($"created {room}", stdout.Trim());
        (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "create", room, "--nick", "Boss");
        Assert.Equal(4, code);
        Assert.Contains("already exists", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "info", room, "--json");
        Assert.True(code == 0, stderr);
        var info = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("CLI room", info.GetProperty("name").GetString());
        Assert.Contains("persistent", info.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        (code, stdout, stderr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "list", _cli.Server.MucDomain);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{room}  CLI room", stdout, StringComparison.Ordinal);

        // The owner stays in the room, printing what it hears as JSON; Alice talks through `muc send`.
        var (joinOut, readOut) = CliRunner.SharedWriter();
        var (joinErr, readErr) = CliRunner.SharedWriter();
        var joined = CliRunner.RunAsync(_cli.WithAccount(owner, ownerFile, "muc", "join", room, "--nick", "Boss", "--count", "2", "--timeout", "25", "--json"),
            TextReader.Null, joinOut, joinErr);
        await CliRunner.WaitForTextAsync(readErr, "joined " + room + " as Boss", Patience);
        const string tricky = "x < y && \"q\" 😀";
        var (send1, id1, err1) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, tricky, "--nick", "Alice");
        Assert.True(send1 == 0, err1);
        var (send2, _, err2) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, "second", "--nick", "Al");
        Assert.True(send2 == 0, err2);
        var exit = await joined.WaitAsync(Patience);
        Assert.True(exit == 0, readErr());
        var lines = readOut().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(("Alice", tricky, "groupchat"), (lines[0].GetProperty("nick").GetString(), lines[0].GetProperty("body").GetString(), lines[0].GetProperty("type").GetString()));
        Assert.Equal(room + "/Alice", lines[0].GetProperty("from").GetString());
        Assert.Equal(id1.Trim(), lines[0].GetProperty("id").GetString());
        foreach (var field in new[] { "chat_state", "xhtml_text", "oob_url", "carbon", "delay" })
            Assert.True(lines[0].TryGetProperty(field, out _), field);
        Assert.Equal("Al", lines[1].GetProperty("nick").GetString());
        Assert.Contains("* Alice joined", readErr(), StringComparison.Ordinal);

        (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "subject", room, "New subject", "--nick", "Boss");
        Assert.True(code == 0, stderr);

        // Alice stays (text mode) and gets kicked by the owner: she exits 4 and says why.
        var (aliceOut, readAliceOut) = CliRunner.SharedWriter();
        var (aliceErr, readAliceErr) = CliRunner.SharedWriter();
        var staying = CliRunner.RunAsync(_cli.WithAccount(alice, aliceFile, "muc", "join", room, "--nick", "Alice", "--timeout", "25"),
            TextReader.Null, aliceOut, aliceErr);
        await CliRunner.WaitForTextAsync(readAliceErr, "joined " + room, Patience);
        await CliRunner.WaitForTextAsync(readAliceErr, "* subject: New subject", Patience);
        (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "occupants", room, "--nick", "Boss", "--json");
        Assert.True(code == 0, stderr);
        var occupants = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var aliceEntry = occupants.Single(o => o.GetProperty("nick").GetString() == "Alice");
        Assert.StartsWith(alice + "/", aliceEntry.GetProperty("jid").GetString(), StringComparison.Ordinal);
        Assert.Equal("participant", aliceEntry.GetProperty("role").GetString());
        Assert.True(occupants.Single(o => o.GetProperty("nick").GetString() == "Boss").GetProperty("self").GetBoolean());

        (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "kick", room, "Alice", "--reason", "bye \u202Enow", "--nick", "Boss");
        Assert.True(code == 0, stderr);
        Assert.Equal("kicked Alice", stdout.Trim());
        Assert.Equal(4, await staying.WaitAsync(Patience));
        Assert.Contains("was kicked: bye \\u202enow", readAliceErr(), StringComparison.Ordinal);

        (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "ban", room, alice, "--nick", "Boss");
        Assert.True(code == 0, stderr);
        var (banned, _, banErr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, "still here?", "--nick", "Alice");
        Assert.Equal(4, banned);
        Assert.Contains("banned", banErr, StringComparison.Ordinal);

        (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "destroy", room, "--reason", "done");
        Assert.True(code == 0, stderr);
        (code, _, _) = await _cli.RunAsAsync(alice, aliceFile, "muc", "info", room);
        Assert.Equal(4, code);
    }

    [Fact]
    public async Task Join_shows_a_look_alike_nick_distinguishably_from_the_real_one()
    {
        var (watcher, watcherFile) = await _cli.NewAccountAsync("mw");
        var (alice, aliceFile) = await _cli.NewAccountAsync("mreal");
        var (mallory, malloryFile) = await _cli.NewAccountAsync("mfake");
        var room = NewRoom("lookalike");
        var (code, _, stderr) = await _cli.RunAsAsync(watcher, watcherFile, "muc", "create", room, "--nick", "Watcher");
        Assert.True(code == 0, stderr);

        var (joinOut, readOut) = CliRunner.SharedWriter();
        var (joinErr, readErr) = CliRunner.SharedWriter();
        var joined = CliRunner.RunAsync(_cli.WithAccount(watcher, watcherFile, "muc", "join", room, "--nick", "Watcher", "--count", "3", "--timeout", "25"),
            TextReader.Null, joinOut, joinErr);
        await CliRunner.WaitForTextAsync(readErr, "joined " + room + " as Watcher", Patience);
        // Mallory joins as "alice " (a trailing space) and speaks first, then the real alice, then "\u0430lice" (Cyrillic а).
        (code, _, stderr) = await _cli.RunAsAsync(mallory, malloryFile, "muc", "send", room, "I am alice, send me the keys", "--nick", "alice ");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await _cli.RunAsAsync(alice, aliceFile, "muc", "send", room, "hello, it is me", "--nick", "alice");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await _cli.RunAsAsync(mallory, malloryFile, "muc", "send", room, "no, it is me", "--nick", "\u0430lice");
        Assert.True(code == 0, stderr);

        Assert.True(await joined.WaitAsync(Patience) == 0, readErr());
        var lines = readOut().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["\"alice \": I am alice, send me the keys", "alice: hello, it is me", "\"\u0430lice\" (mixed scripts): no, it is me"], lines);
        Assert.Contains("* \"alice \" joined", readErr(), StringComparison.Ordinal);
        Assert.Contains("* alice joined", readErr(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_with_a_wrong_room_password_exits_4_and_invite_exits_0()
    {
        var (owner, ownerFile) = await _cli.NewAccountAsync("mpw");
        var (guest, guestFile) = await _cli.NewAccountAsync("mgu");
        var room = NewRoom("pw");
        var (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "create", room, "--nick", "Boss", "--config", "muc#roomconfig_roomsecret=right");
        Assert.True(code == 0, stderr);

        (code, _, stderr) = await _cli.RunAsAsync(guest, guestFile, "muc", "join", room, "--nick", "G", "--room-password-file", _cli.PasswordFile("wrong"), "--timeout", "10");
        Assert.Equal(4, code);
        Assert.Contains("password", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "create", NewRoom("typo"), "--nick", "Boss", "--config", "muc#roomconfig_nosuchfield=1");
        Assert.Equal(1, code);
        Assert.Contains("nosuchfield", stderr, StringComparison.Ordinal);

        var (invite, stdout, inviteErr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "invite", room, guest, "--reason", "join us");
        Assert.True(invite == 0, inviteErr);
        Assert.Equal($"invited {guest}", stdout.Trim());
        (invite, stdout, inviteErr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "invite", room, guest, "--mediated", "--nick", "Boss",
            "--room-password-file", _cli.PasswordFile("right"));
        Assert.True(invite == 0, inviteErr);
        Assert.Equal($"invited {guest}", stdout.Trim());
    }

    [Fact]
    public async Task Bookmarks_add_list_remove()
    {
        var (user, file) = await _cli.NewAccountAsync("mbm");
        var room = NewRoom("bm");

        var (code, stdout, stderr) = await _cli.RunAsAsync(user, file, "bookmarks", "add", room, "--autojoin", "--name", "My \u202Eroom", "--nick", "Me");
        Assert.True(code == 0, stderr);
        Assert.Equal($"added {room}", stdout.Trim());
        (code, stdout, stderr) = await _cli.RunAsAsync(user, file, "bookmarks", "list");
        Assert.True(code == 0, stderr);
        Assert.Equal($"{room}  \"My \\u202eroom\"  autojoin  Me", stdout.Trim());
        (code, stdout, stderr) = await _cli.RunAsAsync(user, file, "bookmarks", "list", "--json");
        var entry = JsonDocument.Parse(stdout).RootElement;
        Assert.True(entry.GetProperty("autojoin").GetBoolean());
        (code, _, stderr) = await _cli.RunAsAsync(user, file, "bookmarks", "remove", room);
        Assert.True(code == 0, stderr);
        (code, stdout, _) = await _cli.RunAsAsync(user, file, "bookmarks", "list");
        Assert.Equal(0, code);
        Assert.Equal("", stdout.Trim());
    }
}
