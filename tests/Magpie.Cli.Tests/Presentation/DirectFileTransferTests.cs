using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>Direct (Jingle) transfers on the screen: /sendfile --direct, offers answered with /accept and /reject.</summary>
public sealed class DirectFileTransferTests : IDisposable
{
    private static readonly Jid Alice = Jid.Parse("alice@example.org");
    private static readonly Jid AliceLaptop = Jid.Parse("alice@example.org/laptop");
    private static readonly Jid Room = Jid.Parse("lounge@conference.example.org");

    private readonly FakeBackend _backend = new();
    private readonly FakeRooms _rooms = new();
    private readonly FakeDirectFiles _direct = new();
    private readonly ClientViewModel _vm;
    private readonly string _dir;
    private readonly string _file;

    public DirectFileTransferTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance, rooms: _rooms, files: new FakeFiles(), direct: _direct);
        _dir = Directory.CreateTempSubdirectory("magpie-direct-").FullName;
        _file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(_file, "hello");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task TypeAsync(string line)
    {
        _vm.Input.Insert(line);
        _vm.Submit();
        await _vm.WhenIdle();
    }

    private async Task ConnectAsync()
    {
        _vm.Connect();
        await _vm.WhenIdle();
        Assert.Equal(ConnectionStatus.Online, _vm.Connection);
    }

    private ConversationModel AliceWindow => _vm.Windows.Single(w => w.Kind == WindowKind.Chat && w.Peer == Alice);

    private FakeOffer Offer(long size = 2048)
    {
        var offer = new FakeOffer(AliceLaptop, "report.pdf", size);
        _direct.Sink.OnFileOffer(offer);
        return offer;
    }

    [Fact]
    public async Task An_offer_asks_in_the_senders_window_with_name_size_and_sender()
    {
        await ConnectAsync();
        Offer();
        var prompt = AliceWindow.Lines[^1].Text;
        Assert.Contains("alice@example.org/laptop", prompt, StringComparison.Ordinal);
        Assert.Contains("report.pdf", prompt, StringComparison.Ordinal);
        Assert.Contains("2 KiB", prompt, StringComparison.Ordinal);
        Assert.Contains("/accept", prompt, StringComparison.Ordinal);
        Assert.Contains("/reject", prompt, StringComparison.Ordinal);
        Assert.Equal(1, _vm.OffersPending);
    }

    [Fact]
    public async Task Accept_saves_into_the_folder_and_says_the_hash_was_checked()
    {
        await ConnectAsync();
        var offer = Offer();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/accept " + _dir);
        Assert.Equal(["accept " + _dir], offer.Calls.ToArray());
        var result = AliceWindow.Lines[^1].Text;
        Assert.StartsWith("Receiving report.pdf [####################] 100%", result, StringComparison.Ordinal);
        Assert.Contains("SHA-256 checked, saved to " + Path.Combine(_dir, "report.pdf"), result, StringComparison.Ordinal);
        Assert.Equal(0, _vm.OffersPending);
        Assert.Equal(0, _vm.TransfersRunning);
    }

    [Fact]
    public async Task Accept_without_a_folder_saves_in_the_download_folder()
    {
        await ConnectAsync();
        var offer = Offer();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/accept");
        Assert.Equal(["accept " + ClientViewModel.DefaultDownloadFolder], offer.Calls.ToArray());
    }

    [Fact]
    public async Task Receiving_shows_its_progress_in_the_status_bar_until_it_ends()
    {
        await ConnectAsync();
        var offer = Offer();
        offer.Hang = true;
        _vm.OpenChat(Alice, focus: true);
        _vm.Execute("/accept " + _dir);
        await offer.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.EndsWith("[Receiving report.pdf 50%]", _vm.StatusText, StringComparison.Ordinal);
        _vm.Execute("/cancel");
        await _vm.WhenIdle();
        Assert.Equal("Receiving report.pdf: cancelled.", AliceWindow.Lines[^1].Text);
        Assert.DoesNotContain("Receiving", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hash_mismatch_says_where_the_file_was_kept_aside()
    {
        await ConnectAsync();
        var aside = Path.Combine(_dir, "report.pdf.hash-mismatch");
        var offer = Offer();
        offer.Failure = new FileTransferException(FileTransferFailure.HashMismatch, "The SHA-256 does not match.") { KeptAsidePath = aside };
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/accept " + _dir);
        Assert.Equal($"report.pdf from alice@example.org/laptop: the SHA-256 does not match; kept aside as {aside}.", AliceWindow.Lines[^1].Text);
        Assert.DoesNotContain(AliceWindow.Lines, l => l.Text.Contains("saved to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_receipt_ends_its_line_as_failed_and_says_why()
    {
        await ConnectAsync();
        var offer = Offer();
        offer.Failure = new FileTransferException(FileTransferFailure.SizeMismatch, "The peer sent more bytes than announced.");
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/accept " + _dir);
        Assert.Contains(AliceWindow.Lines, l => l.Text == "Receiving report.pdf: failed.");
        Assert.Contains(_vm.Active.Lines, l => l.Kind == LineKind.Error && l.Text.Contains("more bytes than announced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reject_declines_the_offer_and_says_so()
    {
        await ConnectAsync();
        var offer = Offer();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/reject");
        Assert.Equal(["reject"], offer.Calls.ToArray());
        Assert.Equal("Declined report.pdf from alice@example.org/laptop.", AliceWindow.Lines[^1].Text);
        Assert.Equal(0, _vm.OffersPending);
        await TypeAsync("/accept");
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        Assert.Equal(["reject"], offer.Calls.ToArray());
    }

    [Fact]
    public async Task Accept_answers_only_an_offer_made_in_the_window_shown()
    {
        await ConnectAsync();
        var offer = Offer();
        await TypeAsync("/accept");
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        Assert.Contains("No file offered in this window", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.Empty(offer.Calls);
        Assert.Equal(1, _vm.OffersPending);
    }

    [Fact]
    public async Task An_offer_withdrawn_or_expired_is_not_accepted_and_the_user_is_told()
    {
        await ConnectAsync();
        var offer = Offer();
        offer.IsPending = false;
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/accept " + _dir);
        Assert.Empty(offer.Calls);
        Assert.Contains(AliceWindow.Lines, l => l.Text == "The offer of report.pdf from alice@example.org/laptop was withdrawn or expired.");
        Assert.Equal(LineKind.Error, AliceWindow.Lines[^1].Kind);
        Assert.Equal(0, _vm.OffersPending);
    }

    [Fact]
    public async Task An_offer_refused_by_the_size_limit_is_told_in_the_senders_window()
    {
        await ConnectAsync();
        _direct.Sink.OnFileOfferRefused(AliceLaptop, "huge.iso", 5L << 30, "larger than the 1073741824-byte limit");
        Assert.Equal("Declined huge.iso (5120 MiB) offered by alice@example.org/laptop without asking: larger than the 1073741824-byte limit",
            AliceWindow.Lines[^1].Text);
        Assert.Equal(0, _vm.OffersPending);
    }

    [Fact]
    public async Task Sendfile_direct_sends_to_the_client_that_advertises_jingle_with_progress()
    {
        await ConnectAsync();
        _direct.Receiver = AliceLaptop;
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile --direct " + _file);
        Assert.Equal(["find " + Alice, $"send {AliceLaptop} notes.txt"], _direct.Calls.ToArray());
        var result = _vm.Active.Lines[^1].Text;
        Assert.StartsWith("Sending notes.txt directly [####################] 100%", result, StringComparison.Ordinal);
        Assert.Contains("sent to alice@example.org/laptop, SHA-256 confirmed", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sendfile_direct_says_clearly_when_no_client_advertises_jingle()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile --direct " + _file);
        Assert.Equal(["find " + Alice], _direct.Calls.ToArray());
        Assert.Equal("Not sent: no client of alice@example.org online advertises direct file transfer (Jingle, XEP-0234); /sendfile PATH uploads it instead.",
            _vm.Active.Lines[^1].Text);
    }

    [Fact]
    public async Task Sendfile_direct_declined_by_the_peer_says_declined()
    {
        await ConnectAsync();
        _direct.Receiver = AliceLaptop;
        _direct.SendFailure = new FileTransferException(FileTransferFailure.Declined, "The receiver declined the file.");
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile --direct " + _file);
        Assert.Equal("notes.txt: declined by alice@example.org.", _vm.Active.Lines[^1].Text);
        Assert.DoesNotContain(_vm.Active.Lines, l => l.Kind == LineKind.Error);
    }

    [Fact]
    public async Task Sendfile_direct_is_for_conversations_not_rooms()
    {
        await ConnectAsync();
        await TypeAsync("/join " + Room);
        _rooms.Sink.OnRoomJoined(Room, "me", null);
        await TypeAsync("/sendfile --direct " + _file);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        Assert.Empty(_direct.Calls);
    }
}
