using System.Text.Json;

namespace Magpie.IntegrationTests.Cli;

/// <summary>A room that does not exist, made by <c>muc join</c> or <c>muc send</c>, is proven open with a
/// second party that is not Magpie: a slixmpp client (Peers/muc_peer.py) enters it and they talk.</summary>
[Collection("prosody")]
public sealed class MucRoomCreationTests(ProsodyFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CliRunner _cli = new(fixture.Server);

    public void Dispose() => _cli.Dispose();

    private string NewRoom(string prefix) => $"{prefix}-{Guid.NewGuid():N}@{_cli.Server.MucDomain}";

    [Fact]
    public async Task Muc_join_of_a_new_room_opens_it_and_a_slixmpp_peer_enters_and_they_talk()
    {
        var (owner, ownerFile) = await _cli.NewAccountAsync("mc");
        var (peerJid, peerFile) = await _cli.NewAccountAsync("sx");
        var room = NewRoom("made");

        var (joinOut, readOut) = CliRunner.SharedWriter();
        var (joinErr, readErr) = CliRunner.SharedWriter();
        var joined = CliRunner.RunAsync(_cli.WithAccount(owner, ownerFile, "muc", "join", room, "--nick", "Magpie", "--count", "2", "--timeout", "25", "--json"),
            TextReader.Null, joinOut, joinErr);
        await CliRunner.WaitForTextAsync(readErr, "joined " + room + " as Magpie", Patience);
        Assert.Contains($"created {room}: it did not exist, so it was made as an instant room", readErr(), StringComparison.Ordinal);

        await using var peer = SlixmppPeer.Start(fixture.Server, peerJid, peerFile, room, "Slix");
        await peer.AssertEnteredAsync();
        await CliRunner.WaitForTextAsync(readErr, "* Slix joined", Patience);

        // Magpie to the peer (through the same account's `muc send`), then the peer to Magpie.
        var (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "send", room, "hello from magpie", "--nick", "Magpie2");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("created", stderr, StringComparison.Ordinal); // the room was there already
        await peer.WaitForMessageAsync("hello from magpie", "Magpie2");
        await peer.SayAsync("hello from slixmpp");

        var exit = await joined.WaitAsync(Patience);
        Assert.True(exit == 0, readErr());
        var lines = readOut().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("nick").GetString() == "Slix" && l.GetProperty("body").GetString() == "hello from slixmpp");
    }

    [Fact]
    public async Task Muc_send_to_a_new_room_makes_it_and_a_slixmpp_peer_who_comes_later_finds_the_message_and_hears_more()
    {
        var (owner, ownerFile) = await _cli.NewAccountAsync("ms");
        var (peerJid, peerFile) = await _cli.NewAccountAsync("sx");
        var room = NewRoom("sent");

        var (code, id, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "send", room, "first words", "--nick", "Magpie");
        Assert.True(code == 0, stderr);
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.Contains($"created {room}: it did not exist, so it was made (persistent", stderr, StringComparison.Ordinal);

        // Magpie has left; the room stayed open (and kept the message) for whoever comes.
        await using var peer = SlixmppPeer.Start(fixture.Server, peerJid, peerFile, room, "Slix");
        await peer.AssertEnteredAsync();
        var history = await peer.WaitForMessageAsync("first words", "Magpie");
        Assert.True(history.GetProperty("delayed").GetBoolean());

        (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "send", room, "second words", "--nick", "Magpie");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("created", stderr, StringComparison.Ordinal);
        var live = await peer.WaitForMessageAsync("second words", "Magpie");
        Assert.False(live.GetProperty("delayed").GetBoolean());
    }

    [Fact]
    public async Task Muc_send_and_join_to_a_room_the_service_will_not_make_fail_with_a_refusal()
    {
        var (owner, ownerFile) = await _cli.NewAccountAsync("mr");
        var room = $"nope-{Guid.NewGuid():N}@{_cli.Server.ClosedMucDomain}";

        var (code, stdout, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "send", room, "anyone?", "--nick", "Magpie");
        Assert.Equal(4, code);
        Assert.Equal("", stdout);
        Assert.Contains($"Could not join {room}: the room does not exist and we may not create rooms here", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await _cli.RunAsAsync(owner, ownerFile, "muc", "join", room, "--nick", "Magpie", "--timeout", "10");
        Assert.Equal(4, code);
        Assert.Contains("the room does not exist and we may not create rooms here", stderr, StringComparison.Ordinal);
    }
}
