using System.Security.Cryptography;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.JingleFileTransfer;

/// <summary>XEP-0166 / XEP-0234 / XEP-0261 / XEP-0260 against a scripted peer, following the XEPs' own examples
/// (Romeo's side is played by the transcript; the client under test is Juliet).</summary>
public sealed class JingleFileTransferTests
{
    private const string Romeo = "romeo@montague.lit/orchard";
    private const string Juliet = "juliet@example.com/balcony";
    private static readonly byte[] Content = [.. Enumerable.Range(0, 6144).Select(i => (byte)(i * 7 + 3))];
    private static readonly string Sha256 = Convert.ToBase64String(SHA256.HashData(Content));

    private static string Block(int index, int size = 2048) => Convert.ToBase64String(Content, index * size, Math.Min(size, Content.Length - index * size));

    /// <summary>Small windows and timeouts keep the exchanges in lockstep and the silent-peer tests short.</summary>
    private static FileTransferOptions Options(TimeSpan? timeout = null) => new()
    {
        InBandBlockSize = 4096,
        InBandWindow = 1,
        UseServerProxy = false,
        OfferDirectCandidates = false,
        IdleTimeout = timeout ?? TimeSpan.FromSeconds(10),
        OfferTimeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>XEP-0234 Example 1 (with a SHA-256 instead of its SHA-1), over XEP-0261.</summary>
    private static string Offer(string sid = "851ba2", string size = "6144", string? hash = null, string transport = "<transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='ch3d9s71'/>") => $$"""
        S: <iq from='{{Romeo}}' id='nzu25s8' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Romeo}}' sid='{{sid}}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><date>1969-07-21T02:56:15Z</date><desc>This is a test. If this were a real file...</desc><media-type>text/plain</media-type><name>test.txt</name><range/><size>{{size}}</size><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>{{hash ?? Sha256}}</hash></file></description>{{transport}}</content></jingle></iq>
        C: <iq type='result' id='nzu25s8' to='{{Romeo}}'/>

        """;

    private static string AcceptIbb(int blockSize = 4096, string sid = "851ba2", string? hash = null) => $$"""
        C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='{{Romeo}}' responder='{{Juliet}}' sid='{{sid}}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><date>1969-07-21T02:56:15Z</date><desc>This is a test. If this were a real file...</desc><media-type>text/plain</media-type><name>test.txt</name><size>6144</size><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>{{hash ?? Sha256}}</hash></file></description><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='{{blockSize}}' sid='ch3d9s71'/></content></jingle></iq>
        S: <iq type='result' id='id2' from='{{Romeo}}'/>

        """;

    private static string Terminate(string id, string reason, string? text = null, string sid = "851ba2") => $$"""
        C: <iq type='set' id='{{id}}' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Romeo}}' sid='{{sid}}'><reason><{{reason}}/>{{(text is null ? "" : $"<text>{text}</text>")}}</reason></jingle></iq>
        S: <iq type='result' id='{{id}}' from='{{Romeo}}'/>

        """;

    private static string IbbData(int seq, string data, string sid = "ch3d9s71") => $$"""
        S: <iq from='{{Romeo}}' id='ibb{{seq}}' to='{{Juliet}}' type='set'><data xmlns='http://jabber.org/protocol/ibb' seq='{{seq}}' sid='{{sid}}'>{{data}}</data></iq>
        C: <iq type='result' id='ibb{{seq}}' to='{{Romeo}}'/>

        """;

    private static string IbbOpen(int blockSize = 4096) => $$"""
        S: <iq from='{{Romeo}}' id='ibbopen' to='{{Juliet}}' type='set'><open xmlns='http://jabber.org/protocol/ibb' block-size='{{blockSize}}' sid='ch3d9s71' stanza='iq'/></iq>
        C: <iq type='result' id='ibbopen' to='{{Romeo}}'/>

        """;

    private static string IbbClose() => $$"""
        S: <iq from='{{Romeo}}' id='ibbclose' to='{{Juliet}}' type='set'><close xmlns='http://jabber.org/protocol/ibb' sid='ch3d9s71'/></iq>
        C: <iq type='result' id='ibbclose' to='{{Romeo}}'/>

        """;

    private static async Task<(ReplaySession Session, JingleFileTransferExtension Files, Task<FileOffer> Offer)> ConnectAsync(string transcript, FileTransferOptions? options = null)
    {
        JingleFileTransferExtension files = null!;
        var offer = new TaskCompletionSource<FileOffer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = await ReplayHarness.ConnectAsync(transcript, c =>
        {
            files = c.Use(new JingleFileTransferExtension(options ?? Options()));
            files.OfferReceived += (_, e) => offer.TrySetResult(e.Offer);
        });
        return (session, files, offer.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_offer_is_accepted_received_in_band_checked_and_ended_with_success()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + AcceptIbb() + IbbOpen() + IbbData(0, Block(0, 4096)) + IbbData(1, Block(1, 4096)) + IbbClose()
            + Terminate("id3", "success"));
        await using var _ = session;
        var offer = await offered;
        Assert.Equal(Jid.Parse(Romeo), offer.Peer);
        Assert.Equal("test.txt", offer.File.Name);
        Assert.Equal(6144, offer.File.Size);
        Assert.Equal("text/plain", offer.File.MediaType);
        Assert.Equal(FileTransport.InBand, offer.Transport);
        using var destination = new MemoryStream();
        var progress = new List<long>();

        var result = await offer.AcceptAsync(destination, new SyncProgress(p => progress.Add(p.BytesTransferred)));

        Assert.Equal(Content, destination.ToArray());
        Assert.Equal(6144, result.BytesTransferred);
        Assert.Equal(FileTransport.InBand, result.Transport);
        Assert.Equal([4096L, 6144L], progress);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_hash_that_does_not_match_is_reported_to_the_peer_and_the_file_is_kept_aside()
    {
        var lie = Convert.ToBase64String(new byte[32]);
        var (session, _, offered) = await ConnectAsync(Offer(hash: lie) + AcceptIbb(hash: lie) + IbbOpen() + IbbData(0, Block(0, 4096)) + IbbData(1, Block(1, 4096)) + IbbClose()
            + Terminate("id3", "media-error", "hash mismatch"));
        await using var _ = session;
        var folder = Directory.CreateTempSubdirectory("magpie-jft-").FullName;
        try
        {
            var ex = await Assert.ThrowsAsync<FileTransferException>(async () => await (await offered).AcceptToFolderAsync(folder));

            Assert.Equal(FileTransferFailure.HashMismatch, ex.Failure);
            Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
            Assert.Equal(Path.Combine(folder, "test.txt.hash-mismatch"), ex.KeptAsidePath);
            // Never under its real name, and nothing half-written is left.
            Assert.Equal(["test.txt.hash-mismatch"], Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal(Content, File.ReadAllBytes(ex.KeptAsidePath!));
            await session.AssertCompleteAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_peer_that_sends_more_than_it_announced_is_stopped_with_a_size_error()
    {
        var (session, _, offered) = await ConnectAsync(Offer(size: "4000") + AcceptIbb().Replace("<size>6144</size>", "<size>4000</size>", StringComparison.Ordinal)
            + IbbOpen() + IbbData(0, Block(0, 4096)) + Terminate("id3", "media-error", "more data than announced"));
        await using var _ = session;
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<FileTransferException>(async () => await (await offered).AcceptAsync(destination));

        Assert.Equal(FileTransferFailure.SizeMismatch, ex.Failure);
        Assert.Contains("more than the 4000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_peer_that_closes_before_the_announced_size_is_reported()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + AcceptIbb() + IbbOpen() + IbbData(0, Block(0, 4096)) + IbbClose()
            + Terminate("id3", "media-error", "less data than announced"));
        await using var _ = session;
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<FileTransferException>(async () => await (await offered).AcceptAsync(destination));

        Assert.Equal(FileTransferFailure.SizeMismatch, ex.Failure);
        Assert.Contains("4096 of the 6144 bytes", ex.Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Out_of_order_in_band_data_ends_the_transfer()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + AcceptIbb() + IbbOpen() + $$"""
            S: <iq from='{{Romeo}}' id='ibb1' to='{{Juliet}}' type='set'><data xmlns='http://jabber.org/protocol/ibb' seq='1' sid='ch3d9s71'>{{Block(1, 4096)}}</data></iq>
            C: <iq type='error' id='ibb1' to='{{Romeo}}'><error type='cancel'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Data out of order.</text></error></iq>

            """ + Terminate("id3", "failed-transport", "The peer sent block 1 where 0 was due."));
        await using var _ = session;

        var ex = await Assert.ThrowsAsync<FileTransferException>(async () => await (await offered).AcceptAsync(new MemoryStream()));

        Assert.Equal(FileTransferFailure.ProtocolError, ex.Failure);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_peer_that_never_opens_the_stream_times_out_and_is_told_so()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + AcceptIbb() + Terminate("id3", "timeout"), Options(TimeSpan.FromMilliseconds(300)));
        await using var _ = session;

        var ex = await Assert.ThrowsAsync<FileTransferException>(async () => await (await offered).AcceptAsync(new MemoryStream()));

        Assert.Equal(FileTransferFailure.Timeout, ex.Failure);
        Assert.Contains("stopped sending", ex.Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Rejecting_an_offer_terminates_with_decline()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + Terminate("id2", "decline"));
        await using var _ = session;
        var offer = await offered;

        await offer.RejectAsync();

        Assert.False(offer.IsPending);
        await Assert.ThrowsAsync<InvalidOperationException>(() => offer.AcceptAsync(new MemoryStream()));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task An_offer_nobody_answers_expires_with_timeout()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + Terminate("id2", "timeout", "the offer was not answered"), Options(TimeSpan.FromMilliseconds(200)));
        await using var _ = session;
        var offer = await offered;

        await offer.Withdrawn.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(offer.IsPending);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_declined_without_asking()
    {
        JingleFileTransferExtension files = null!;
        var refused = new EventAwaiter<FileOfferRefusedEventArgs>();
        var asked = false;
        await using var session = await ReplayHarness.ConnectAsync(Offer() + Terminate("id2", "decline", "file too large"), c =>
        {
            files = c.Use(new JingleFileTransferExtension(Options() with { MaxFileSize = 6143 }));
            files.OfferReceived += (_, _) => asked = true;
            files.OfferRefused += (_, e) => refused.Add(e);
        });

        var refusal = (await refused.WaitForAsync(1))[0];

        Assert.Equal("test.txt", refusal.File!.Name);
        Assert.Contains("larger than the limit of 6143 bytes", refusal.Reason, StringComparison.Ordinal);
        Assert.False(asked);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Offers_beyond_the_session_limit_get_busy()
    {
        var (session, files, offered) = await ConnectAsync(Offer() + Offer(sid: "second") + Terminate("id2", "busy", sid: "second"), Options() with { MaxSessions = 1 });
        await using var _ = session;
        await offered;

        await session.AssertCompleteAsync();
        Assert.Equal(1, files.SessionCount);
    }

    [Fact]
    public async Task Unknown_sessions_unknown_actions_out_of_order_actions_and_unknown_info_get_the_xep_0166_errors()
    {
        var (session, _, offered) = await ConnectAsync(Offer() + $$"""
            S: <iq from='{{Romeo}}' id='u1' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' initiator='{{Romeo}}' sid='nosuchsession'/></iq>
            C: <iq type='error' id='u1' to='{{Romeo}}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unknown-session xmlns='urn:xmpp:jingle:errors:1'/></error></iq>
            S: <iq from='{{Romeo}}' id='u2' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-dance' initiator='{{Romeo}}' sid='851ba2'/></iq>
            C: <iq type='error' id='u2' to='{{Romeo}}'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unknown Jingle action.</text></error></iq>
            S: <iq from='{{Romeo}}' id='u3' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='{{Romeo}}' sid='851ba2'/></iq>
            C: <iq type='error' id='u3' to='{{Romeo}}'><error type='wait'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><out-of-order xmlns='urn:xmpp:jingle:errors:1'/></error></iq>
            S: <iq from='{{Romeo}}' id='u4' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' initiator='{{Romeo}}' sid='851ba2'><mute xmlns='urn:xmpp:jingle:apps:rtp:info:1'/></jingle></iq>
            C: <iq type='error' id='u4' to='{{Romeo}}'><error type='modify'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unsupported session-info.</text><unsupported-info xmlns='urn:xmpp:jingle:errors:1'/></error></iq>
            S: <iq from='{{Romeo}}' id='u5' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' initiator='{{Romeo}}' sid='851ba2'/></iq>
            C: <iq type='result' id='u5' to='{{Romeo}}'/>
            S: <iq from='mallory@evil.example/x' id='u6' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Romeo}}' sid='851ba2'><reason><cancel/></reason></jingle></iq>
            C: <iq type='error' id='u6' to='mallory@evil.example/x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unknown-session xmlns='urn:xmpp:jingle:errors:1'/></error></iq>
            S: <iq from='{{Romeo}}' id='u7' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Romeo}}' sid='851ba2'><reason><cancel/><text>changed my mind</text></reason></jingle></iq>
            C: <iq type='result' id='u7' to='{{Romeo}}'/>
            """);
        await using var _ = session;
        var offer = await offered;

        await offer.Withdrawn.WaitAsync(TimeSpan.FromSeconds(10));

        // Someone else's terminate did not end it; Romeo's own did.
        Assert.Equal(new JingleReason("cancel", "changed my mind"), await (Task<JingleReason>)offer.Withdrawn);
        await session.AssertCompleteAsync();
    }

    /// <summary>XEP-0261: we offer, the peer accepts with a smaller block size, we open, send, close, send the
    /// checksum (XEP-0234 §8.1), and the peer ends the session with success.</summary>
    [Fact]
    public async Task Sending_in_band_follows_the_peers_block_size_and_sends_the_checksum()
    {
        var (session, files, _) = await ConnectAsync($$"""
            C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><media-type>text/plain</media-type><name>test.txt</name><size>6144</size><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>{{Sha256}}</hash></file></description><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='{ibb}'/></content></jingle></iq>
            S: <iq type='result' id='id2' from='{{Romeo}}'/>
            S: <iq type='set' id='acc1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='{{Juliet}}' responder='{{Romeo}}' sid='{sid}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>test.txt</name><size>6144</size></file></description><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='2048' sid='{ibb}'/></content></jingle></iq>
            C: <iq type='result' id='acc1' to='{{Romeo}}'/>
            C: <iq type='set' id='id3' to='{{Romeo}}'><open xmlns='http://jabber.org/protocol/ibb' block-size='2048' sid='{ibb}' stanza='iq'/></iq>
            S: <iq type='result' id='id3' from='{{Romeo}}'/>
            C: <iq type='set' id='id4' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='0' sid='{ibb}'>{{Block(0)}}</data></iq>
            S: <iq type='result' id='id4' from='{{Romeo}}'/>
            C: <iq type='set' id='id5' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='1' sid='{ibb}'>{{Block(1)}}</data></iq>
            S: <iq type='result' id='id5' from='{{Romeo}}'/>
            C: <iq type='set' id='id6' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='2' sid='{ibb}'>{{Block(2)}}</data></iq>
            S: <iq type='result' id='id6' from='{{Romeo}}'/>
            C: <iq type='set' id='id7' to='{{Romeo}}'><close xmlns='http://jabber.org/protocol/ibb' sid='{ibb}'/></iq>
            S: <iq type='result' id='id7' from='{{Romeo}}'/>
            C: <iq type='set' id='id8' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' initiator='{{Juliet}}' sid='{sid}'><checksum xmlns='urn:xmpp:jingle:apps:file-transfer:5' creator='initiator' name='a-file-offer'><file><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>{{Sha256}}</hash></file></checksum></jingle></iq>
            S: <iq type='result' id='id8' from='{{Romeo}}'/>
            S: <iq type='set' id='term1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Juliet}}' sid='{sid}'><reason><success/></reason></jingle></iq>
            C: <iq type='result' id='term1' to='{{Romeo}}'/>
            """);
        await using var _ = session;
        var file = new JingleFileDescription("test.txt", Content.Length) { MediaType = "text/plain", Sha256 = SHA256.HashData(Content) };

        var result = await files.SendAsync(Jid.Parse(Romeo), new MemoryStream(Content), file, FileTransport.InBand);

        Assert.Equal(FileTransport.InBand, result.Transport);
        Assert.Equal(6144, result.BytesTransferred);
        Assert.Equal(SHA256.HashData(Content), result.File.Sha256);
        Assert.Equal(0, files.SessionCount);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_declined_offer_fails_with_declined()
    {
        var (session, files, _) = await ConnectAsync($$"""
            C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Juliet}}' sid='{sid}'>{*}</jingle></iq>
            S: <iq type='result' id='id2' from='{{Romeo}}'/>
            S: <iq type='set' id='term1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Juliet}}' sid='{sid}'><reason><decline/></reason></jingle></iq>
            C: <iq type='result' id='term1' to='{{Romeo}}'/>
            """);
        await using var _ = session;

        var ex = await Assert.ThrowsAsync<FileTransferException>(() => files.SendAsync(Jid.Parse(Romeo), new MemoryStream(Content), new JingleFileDescription("test.txt", Content.Length), FileTransport.InBand));

        Assert.Equal(FileTransferFailure.Declined, ex.Failure);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_peer_that_never_accepts_is_told_timeout()
    {
        var (session, files, _) = await ConnectAsync($$"""
            C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Juliet}}' sid='{sid}'>{*}</jingle></iq>
            S: <iq type='result' id='id2' from='{{Romeo}}'/>
            C: <iq type='set' id='id3' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Juliet}}' sid='{sid}'><reason><timeout/></reason></jingle></iq>
            S: <iq type='result' id='id3' from='{{Romeo}}'/>
            """, Options(TimeSpan.FromMilliseconds(300)));
        await using var _ = session;

        var ex = await Assert.ThrowsAsync<FileTransferException>(() => files.SendAsync(Jid.Parse(Romeo), new MemoryStream(Content), new JingleFileDescription("test.txt", Content.Length), FileTransport.InBand));

        Assert.Equal(FileTransferFailure.Timeout, ex.Failure);
        Assert.Contains("did not accept the offer", ex.Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_receiver_reporting_a_mismatch_fails_the_send_with_hash_mismatch()
    {
        var (session, files, _) = await ConnectAsync($$"""
            C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Juliet}}' sid='{sid}'>{*}</jingle></iq>
            S: <iq type='result' id='id2' from='{{Romeo}}'/>
            S: <iq type='set' id='acc1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='{{Juliet}}' responder='{{Romeo}}' sid='{sid}'><content creator='initiator' name='a-file-offer' senders='initiator'><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='8192' sid='{ibb}'/></content></jingle></iq>
            C: <iq type='result' id='acc1' to='{{Romeo}}'/>
            C: <iq type='set' id='id3' to='{{Romeo}}'><open xmlns='http://jabber.org/protocol/ibb' block-size='4096' sid='{ibb}' stanza='iq'/></iq>
            S: <iq type='result' id='id3' from='{{Romeo}}'/>
            C: <iq type='set' id='id4' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='0' sid='{ibb}'>{{Block(0, 4096)}}</data></iq>
            S: <iq type='result' id='id4' from='{{Romeo}}'/>
            C: <iq type='set' id='id5' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='1' sid='{ibb}'>{{Block(1, 4096)}}</data></iq>
            S: <iq type='result' id='id5' from='{{Romeo}}'/>
            C: <iq type='set' id='id6' to='{{Romeo}}'><close xmlns='http://jabber.org/protocol/ibb' sid='{ibb}'/></iq>
            S: <iq type='result' id='id6' from='{{Romeo}}'/>
            C: <iq type='set' id='id7' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' initiator='{{Juliet}}' sid='{sid}'>{*}</jingle></iq>
            S: <iq type='result' id='id7' from='{{Romeo}}'/>
            S: <iq type='set' id='term1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Juliet}}' sid='{sid}'><reason><media-error/><text>hash mismatch</text></reason></jingle></iq>
            C: <iq type='result' id='term1' to='{{Romeo}}'/>
            """);
        await using var _ = session;

        var ex = await Assert.ThrowsAsync<FileTransferException>(() => files.SendAsync(Jid.Parse(Romeo), new MemoryStream(Content), new JingleFileDescription("test.txt", Content.Length), FileTransport.InBand));

        Assert.Equal(FileTransferFailure.HashMismatch, ex.Failure);
        Assert.Contains("hash mismatch", ex.Message, StringComparison.Ordinal);
        await session.AssertCompleteAsync();
    }

    /// <summary>XEP-0260 §4 (fallback): candidates on our side only, the peer reaches none and has none; both say
    /// candidate-error, we replace the transport with in-band bytestreams, the peer accepts with a smaller block.</summary>
    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "XEP-0065 defines DST.ADDR as SHA-1.")]
    public async Task When_no_socks5_candidate_connects_the_initiator_replaces_the_transport_with_in_band()
    {
        var options = Options() with { OfferDirectCandidates = true, CandidateAddresses = [System.Net.IPAddress.Loopback] };
        var (session, files, _) = await ConnectAsync($$"""
            C: <iq type='set' id='id2' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>test.txt</name><size>6144</size></file></description><transport xmlns='urn:xmpp:jingle:transports:s5b:1' dstaddr='{dstaddr}' mode='tcp' sid='{s5b}'><candidate cid='{cid}' host='127.0.0.1' jid='{{Juliet}}' port='{port}' priority='8257536' type='direct'/></transport></content></jingle></iq>
            S: <iq type='result' id='id2' from='{{Romeo}}'/>
            S: <iq type='set' id='acc1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='{{Juliet}}' responder='{{Romeo}}' sid='{sid}'><content creator='initiator' name='a-file-offer' senders='initiator'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>test.txt</name><size>6144</size></file></description><transport xmlns='urn:xmpp:jingle:transports:s5b:1' mode='tcp' sid='{s5b}'/></content></jingle></iq>
            C: <iq type='result' id='acc1' to='{{Romeo}}'/>
            C: <iq type='set' id='id3' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer'><transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='{s5b}'><candidate-error/></transport></content></jingle></iq>
            S: <iq type='result' id='id3' from='{{Romeo}}'/>
            S: <iq type='set' id='ti1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer'><transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='{s5b}'><candidate-error/></transport></content></jingle></iq>
            C: <iq type='result' id='ti1' to='{{Romeo}}'/>
            C: <iq type='set' id='id4' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='transport-replace' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer'><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='{ibb}'/></content></jingle></iq>
            S: <iq type='result' id='id4' from='{{Romeo}}'/>
            S: <iq type='set' id='ta1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='transport-accept' initiator='{{Juliet}}' sid='{sid}'><content creator='initiator' name='a-file-offer'><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='2048' sid='{ibb}'/></content></jingle></iq>
            C: <iq type='result' id='ta1' to='{{Romeo}}'/>
            C: <iq type='set' id='id5' to='{{Romeo}}'><open xmlns='http://jabber.org/protocol/ibb' block-size='2048' sid='{ibb}' stanza='iq'/></iq>
            S: <iq type='result' id='id5' from='{{Romeo}}'/>
            C: <iq type='set' id='id6' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='0' sid='{ibb}'>{{Block(0)}}</data></iq>
            S: <iq type='result' id='id6' from='{{Romeo}}'/>
            C: <iq type='set' id='id7' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='1' sid='{ibb}'>{{Block(1)}}</data></iq>
            S: <iq type='result' id='id7' from='{{Romeo}}'/>
            C: <iq type='set' id='id8' to='{{Romeo}}'><data xmlns='http://jabber.org/protocol/ibb' seq='2' sid='{ibb}'>{{Block(2)}}</data></iq>
            S: <iq type='result' id='id8' from='{{Romeo}}'/>
            C: <iq type='set' id='id9' to='{{Romeo}}'><close xmlns='http://jabber.org/protocol/ibb' sid='{ibb}'/></iq>
            S: <iq type='result' id='id9' from='{{Romeo}}'/>
            C: <iq type='set' id='id10' to='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' initiator='{{Juliet}}' sid='{sid}'><checksum xmlns='urn:xmpp:jingle:apps:file-transfer:5' creator='initiator' name='a-file-offer'><file><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>{{Sha256}}</hash></file></checksum></jingle></iq>
            S: <iq type='result' id='id10' from='{{Romeo}}'/>
            S: <iq type='set' id='term1' from='{{Romeo}}'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' initiator='{{Juliet}}' sid='{sid}'><reason><success/></reason></jingle></iq>
            C: <iq type='result' id='term1' to='{{Romeo}}'/>
            """, options);
        await using var _ = session;

        var result = await files.SendAsync(Jid.Parse(Romeo), new MemoryStream(Content), new JingleFileDescription("test.txt", Content.Length), FileTransport.Socks5);

        Assert.Equal(FileTransport.InBand, result.Transport);
        // The SOCKS5 destination is SHA-1(sid + initiator + responder) (XEP-0065 §5.3.2).
        var expected = Convert.ToHexStringLower(SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(session.Stream.Bindings["s5b"] + Juliet + Romeo)));
        Assert.Equal(expected, session.Stream.Bindings["dstaddr"]);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task The_features_are_advertised_only_while_enabled_and_offers_are_refused_when_disabled()
    {
        JingleFileTransferExtension files = null!;
        await using var session = await ReplayHarness.ConnectAsync($$"""
            S: <iq from='{{Romeo}}' id='nzu25s8' to='{{Juliet}}' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='{{Romeo}}' sid='851ba2'><content creator='initiator' name='a-file-offer'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>x</name><size>1</size></file></description><transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='ch3d9s71'/></content></jingle></iq>
            C: <iq type='error' id='nzu25s8' to='{{Romeo}}'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, c =>
        {
            files = c.Use(new JingleFileTransferExtension(Options()));
            Assert.Contains(JingleNamespaces.FileTransfer, c.Router.Features);
            Assert.Contains(JingleNamespaces.S5bTransport, c.Router.Features);
            files.Enabled = false;
            Assert.DoesNotContain(JingleNamespaces.FileTransfer, c.Router.Features);
            Assert.DoesNotContain(JingleNamespaces.Jingle, c.Router.Features);
            Assert.DoesNotContain("http://jabber.org/protocol/ibb", c.Router.Features);
        });

        await session.AssertCompleteAsync();
    }

    private sealed class SyncProgress(Action<Magpie.Xmpp.Extensions.HttpUpload.TransferProgress> report) : IProgress<Magpie.Xmpp.Extensions.HttpUpload.TransferProgress>
    {
        public void Report(Magpie.Xmpp.Extensions.HttpUpload.TransferProgress value) => report(value);
    }
}
