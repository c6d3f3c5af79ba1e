using System.Text;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Core;

/// <summary><see cref="XmppClient.ConnectAsync(Stream, XmppEndpoint, CancellationToken)"/>: a session over a stream
/// the caller opened still gets the client's own TLS (the transcript tests cover the overload with a TLS stand-in).</summary>
public sealed class CallerStreamTests
{
    [Fact]
    public async Task A_callers_stream_is_secured_with_the_clients_own_tls_and_a_peer_without_tls_is_refused_before_anything_else_is_sent()
    {
        // The peer answers in plain XML, as a server would without TLS.
        var peer = new TwoWayStream("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s1'>"u8.ToArray());
        await using var client = new XmppClient(new XmppClientOptions { Jid = Jid.Parse("juliet@example.com"), Password = "hunter2" });

        await Assert.ThrowsAsync<XmppTlsException>(() => client.ConnectAsync(peer, new XmppEndpoint("example.com", 5223, DirectTls: true)));

        Assert.False(client.IsConnected);
        var sent = peer.Written;
        Assert.NotEmpty(sent);
        Assert.Equal(0x16, sent[0]); // a TLS handshake record (the ClientHello), not an XML stream header
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(sent), StringComparison.Ordinal);
    }

    /// <summary>Reads from a fixed buffer, records what is written.</summary>
    private sealed class TwoWayStream(byte[] incoming) : Stream
    {
        private readonly MemoryStream _in = new(incoming);
        private readonly MemoryStream _out = new();

        public byte[] Written { get { lock (_out) return _out.ToArray(); } }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _in.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { lock (_out) _out.Write(buffer, offset, count); }
    }
}
