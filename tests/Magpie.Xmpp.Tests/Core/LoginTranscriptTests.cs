using System.Security.Authentication;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Core;

/// <summary>Whole logins replayed from transcripts: STARTTLS, SASL and bind, and the ways they must fail.</summary>
public sealed class LoginTranscriptTests
{
    private static XmppClient NewClient(string password = "pencil", IProtocolTrace? trace = null, bool requireScram = false, int minimumScramIterations = 4096) => new(new XmppClientOptions
    {
        Jid = Jid.Parse("user@example.com"),
        Password = password,
        IdGenerator = new SequentialStanzaIdGenerator(),
        ScramNonceForTests = "rOprNGfwEbeRWgbNEkqO",
        ProtocolTrace = trace,
        ResponseTimeout = TimeSpan.FromSeconds(10),
        RequireScram = requireScram,
        MinimumScramIterations = minimumScramIterations,
    });

    private static ReplayStream Replay(string name, ReplayDelivery delivery = ReplayDelivery.Whole) =>
        new(Transcript.Load(typeof(LoginTranscriptTests).Assembly, $"Transcripts/common/{name}.xmpp"), delivery) { EndOfStreamAtEnd = false };

    private static readonly XmppEndpoint StartTlsEndpoint = new("example.com", 5222, DirectTls: false);

    [Theory]
    [InlineData(ReplayDelivery.Whole)]
    [InlineData(ReplayDelivery.ByteByByte)]
    public async Task Starttls_then_scram_sha_256_with_rfc7677_vector_then_bind(ReplayDelivery delivery)
    {
        await using var stream = Replay("starttls-scram-sha-256-bind", delivery);
        await using var client = NewClient();
        var tlsStarted = false;
        await client.ConnectAsync(stream, StartTlsEndpoint, (inner, ct) =>
        {
            tlsStarted = true;
            return ReplayHarness.FakeTls(inner, ct);
        });
        Assert.True(tlsStarted);
        Assert.True(client.IsConnected);
        Assert.Equal("SCRAM-SHA-256", client.SaslMechanism);
        Assert.Equal(SslProtocols.Tls13, client.TlsProtocol);
        Assert.Equal("user@example.com/magpie-1", client.BoundJid!.ToString());
        // What the server offered after TLS, for the caller to remember (the PLAIN-only offer before TLS is not it).
        Assert.Equal(["SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"], client.OfferedMechanisms);
        stream.AssertComplete();
    }

    [Theory]
    [InlineData("scram-wrong-server-signature", "signature")]
    [InlineData("scram-empty-success", "signature")]
    [InlineData("scram-nonce-not-extended", "nonce")]
    [InlineData("scram-low-iteration-count", "only 1000 PBKDF2 iterations")]
    public async Task A_server_that_lies_in_scram_is_refused_and_the_client_aborts(string transcript, string reason)
    {
        await using var stream = Replay(transcript);
        await using var client = NewClient();
        var ex = await Assert.ThrowsAsync<XmppAuthenticationException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(client.IsConnected);
        stream.AssertComplete(); // the <abort/> was sent, and nothing after it
    }

    [Fact]
    public async Task No_starttls_offered_is_refused_and_no_auth_is_sent()
    {
        await using var stream = Replay("no-starttls-offered");
        await using var client = NewClient();
        var ex = await Assert.ThrowsAsync<XmppTlsException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Contains("does not offer TLS", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<auth", stream.AllWritten, StringComparison.Ordinal);
        stream.AssertComplete();
    }

    [Fact]
    public async Task Plain_only_is_used_inside_tls_and_the_trace_redacts_it()
    {
        await using var stream = Replay("plain-only-over-tls");
        using var log = new StringWriter();
        using var trace = new ProtocolTraceWriter(log);
        await using var client = NewClient(trace: trace);
        await client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls);
        Assert.Equal("PLAIN", client.SaslMechanism);
        stream.AssertComplete();
        var text = log.ToString();
        Assert.Contains("C: <auth", text, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Placeholder, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pencil", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0user\0pencil"u8), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_low_scram_iteration_count_is_accepted_when_the_minimum_is_lowered_explicitly()
    {
        await using var stream = Replay("scram-low-iteration-count-allowed");
        await using var client = NewClient(minimumScramIterations: 1000);
        await client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls);
        Assert.Equal("SCRAM-SHA-256", client.SaslMechanism);
        stream.AssertComplete();
    }

    [Fact]
    public async Task Plain_only_where_scram_is_required_is_refused_as_a_downgrade_before_the_password_is_sent()
    {
        await using var stream = new ReplayStream(Transcript.Parse(string.Join('\n',
            Transcript.Load(typeof(LoginTranscriptTests).Assembly, "Transcripts/common/plain-only-over-tls.xmpp").Blocks
                .TakeWhile(b => !(b.FromClient && b.Text.StartsWith("<auth", StringComparison.Ordinal)))
                .Select(b => (b.FromClient ? "C: " : "S: ") + b.Text))))
        { EndOfStreamAtEnd = false };
        await using var client = NewClient(requireScram: true);
        var ex = await Assert.ThrowsAsync<XmppAuthenticationException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Equal(XmppClient.MechanismDowngradeCondition, ex.Condition);
        Assert.Contains("offered SCRAM before but now offers only PLAIN", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["PLAIN"], client.OfferedMechanisms);
        Assert.DoesNotContain("<auth", stream.AllWritten, StringComparison.Ordinal);
        stream.AssertComplete();
    }

    [Theory]
    [InlineData("mallory@example.com/magpie-1")] // another account
    [InlineData("user@evil.example/magpie-1")] // another domain
    [InlineData("user@example.com")] // no resource
    [InlineData("not a jid@@")]
    public async Task A_server_that_binds_us_to_another_address_is_refused(string boundJid)
    {
        var text = Transcript.Load(typeof(LoginTranscriptTests).Assembly, "Transcripts/common/plain-only-over-tls.xmpp").Blocks
            .Select(b => (b.FromClient ? "C: " : "S: ") + b.Text.Replace("user@example.com/magpie-1", boundJid, StringComparison.Ordinal));
        await using var stream = new ReplayStream(Transcript.Parse(string.Join('\n', text))) { EndOfStreamAtEnd = false };
        await using var client = NewClient();
        var ex = await Assert.ThrowsAsync<XmppProtocolException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Contains("unexpected JID", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Wrong_password_gives_an_authentication_exception_with_the_condition()
    {
        await using var stream = Replay("auth-failure");
        await using var client = NewClient(password: "wrong");
        var ex = await Assert.ThrowsAsync<XmppAuthenticationException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Equal("not-authorized", ex.Condition);
        Assert.Contains("wrong user name or password", ex.Message, StringComparison.Ordinal);
        stream.AssertComplete();
    }

    [Fact]
    public async Task Stream_error_during_negotiation_is_a_typed_fatal_error()
    {
        await using var stream = Replay("stream-error-during-negotiation");
        await using var client = NewClient();
        var ex = await Assert.ThrowsAsync<XmppStreamErrorException>(() => client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls));
        Assert.Equal("host-unknown", ex.Condition);
    }

    [Fact]
    public async Task A_trace_of_a_session_replays_as_a_transcript()
    {
        // Record a session's trace, then replay the trace itself: the log format is the transcript format.
        string recorded;
        using (var log = new StringWriter())
        {
            using (var trace = new ProtocolTraceWriter(log))
            {
                await using var stream = Replay("starttls-scram-sha-256-bind");
                await using var client = NewClient(trace: trace);
                await client.ConnectAsync(stream, StartTlsEndpoint, ReplayHarness.FakeTls);
                stream.AssertComplete();
            }
            recorded = log.ToString();
        }
        // The bind id was random-free (sequential), so the recorded trace replays exactly.
        var cut = recorded.IndexOf("C: </stream:stream>", StringComparison.Ordinal);
        var replay = new ReplayStream(Transcript.Parse(cut < 0 ? recorded : recorded[..cut], "recorded"));
        await using (replay)
        {
            await using var again = NewClient();
            await again.ConnectAsync(replay, StartTlsEndpoint, ReplayHarness.FakeTls);
            Assert.Equal("user@example.com/magpie-1", again.BoundJid!.ToString());
            replay.AssertComplete();
        }
    }
}

/// <summary>Logs of real servers, replayed: the trace format is the transcript format.</summary>
public sealed class RecordedServerTranscriptTests
{
    [Theory]
    [InlineData(ReplayDelivery.Whole)]
    [InlineData(ReplayDelivery.RandomChunks)]
    public async Task Prosody_0_12_login_roster_and_close_replays(ReplayDelivery delivery)
    {
        var transcript = Transcript.Load(typeof(RecordedServerTranscriptTests).Assembly, "Transcripts/prosody/login-scram-sha-1-roster.xmpp");
        await using var stream = new ReplayStream(transcript, delivery);
        await using var client = new XmppClient(new XmppClientOptions
        {
            Jid = Jid.Parse("user@localhost"),
            Password = "pencil",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ScramNonceForTests = "fyko+d2lbbFgONRv9qkxdawL",
            // Recorded before stream management existed: the server offers it, the recording never enabled it.
            EnableStreamManagement = false,
        });
        await client.ConnectAsync(stream, new XmppEndpoint("localhost", 5222, DirectTls: false), ReplayHarness.FakeTls);
        Assert.Equal("SCRAM-SHA-1", client.SaslMechanism);
        var roster = await client.SendIqAsync(new Magpie.Xmpp.Stanzas.Iq(Magpie.Xmpp.Stanzas.IqType.Get, new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("query", "jabber:iq:roster"))));
        Assert.Equal("1", (string?)roster.Payload?.Attribute("ver"));
        await client.DisconnectAsync();
        stream.AssertComplete();
    }
}
