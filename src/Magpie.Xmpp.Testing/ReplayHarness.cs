using System.Security.Authentication;
using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Testing;

/// <summary>Connects a real <see cref="XmppClient"/> to a <see cref="ReplayStream"/>: the quickest way to
/// unit-test an extension against a recorded exchange.</summary>
public static class ReplayHarness
{
    /// <summary>The account every harness session logs in as.</summary>
    public static readonly Jid Account = Jid.Parse("juliet@example.com/balcony");

    /// <summary>A direct-TLS login with PLAIN and bind, ending with the session ready. Prepended by
    /// <see cref="ConnectAsync"/>; the transcript given there continues from it.</summary>
    public const string LoginPreamble = """
        C: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='example.com' from='juliet@example.com' xml:lang='en'>
        S: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s1' xml:lang='en'>
        S: <stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>
        C: <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{*}</auth>
        S: <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>
        C: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='example.com' from='juliet@example.com' xml:lang='en'>
        S: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s2' xml:lang='en'>
        S: <stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>
        C: <iq type='set' id='{bind}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource></bind></iq>
        S: <iq type='result' id='{bind}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@example.com/balcony</jid></bind></iq>
        """;

    private const string BindFeatures = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";

    /// <summary>A TLS session stand-in: the replay stream itself, reported as TLS 1.3.</summary>
    public static Task<TlsSession> FakeTls(Stream inner, CancellationToken cancellationToken) =>
        Task.FromResult(new TlsSession(inner, SslProtocols.Tls13, "TLS_AES_128_GCM_SHA256 (replay)", _ => null));

    /// <summary>Logs in over the preamble, then leaves the client connected with <paramref name="session"/>
    /// (a transcript continuing after bind) queued on the stream.</summary>
    /// <param name="session">The rest of the exchange, in transcript format.</param>
    /// <param name="configure">Adds extensions before connecting.</param>
    /// <param name="delivery">How server bytes are delivered.</param>
    /// <param name="trace">Optional protocol trace.</param>
    /// <param name="configureStream">Sets stream options (such as <see cref="ReplayStream.AllowTrailingClientOutput"/>)
    /// before anything is played: the session part may be played before this method returns.</param>
    /// <param name="features">Extra stream features offered after authentication, next to bind (e.g. roster versioning).</param>
    public static async Task<ReplaySession> ConnectAsync(string session, Action<XmppClient>? configure = null,
        ReplayDelivery delivery = ReplayDelivery.Whole, IProtocolTrace? trace = null, Action<ReplayStream>? configureStream = null,
        string? features = null)
    {
        var preamble = features is null ? LoginPreamble : LoginPreamble.Replace(BindFeatures, BindFeatures.Replace("</stream:features>", features + "</stream:features>", StringComparison.Ordinal), StringComparison.Ordinal);
        var transcript = Transcript.Parse(preamble + "\n" + session, "harness");
        var stream = new ReplayStream(transcript, delivery);
        configureStream?.Invoke(stream);
        var client = new XmppClient(new XmppClientOptions
        {
            Jid = Account,
            Password = "secret",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ProtocolTrace = trace,
            ResponseTimeout = TimeSpan.FromSeconds(10),
        });
        configure?.Invoke(client);
        await client.ConnectAsync(stream, new XmppEndpoint("example.com", 5223, DirectTls: true), FakeTls).ConfigureAwait(false);
        return new ReplaySession(client, stream);
    }
}

/// <summary>A client connected to a replay, disposed together.</summary>
public sealed class ReplaySession(XmppClient client, ReplayStream stream) : IAsyncDisposable
{
    /// <summary>The connected client.</summary>
    public XmppClient Client { get; } = client;

    /// <summary>The replay it is connected to.</summary>
    public ReplayStream Stream { get; } = stream;

    /// <summary>Waits for the transcript to be played to its end and asserts nothing mismatched.</summary>
    public async Task AssertCompleteAsync(TimeSpan? timeout = null)
    {
        await Stream.WaitForEndAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Stream.AssertComplete();
    }

    /// <summary>Ends the replay, then disposes the client.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
    }
}
