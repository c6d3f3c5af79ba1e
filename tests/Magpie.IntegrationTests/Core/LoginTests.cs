using System.Security.Authentication;
using System.Text;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;

namespace Magpie.IntegrationTests.Core;

/// <summary>Logs in through <see cref="XmppClient"/> with every mechanism Prosody offers, over STARTTLS and direct TLS.</summary>
[Collection("prosody")]
public sealed class LoginTests(ProsodyFixture fixture, ProsodyTls12Fixture tls12) : IClassFixture<ProsodyTls12Fixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static async Task<(Jid Jid, string User, string Password)> NewAccountAsync(ProsodyServer server)
    {
        var user = ProsodyServer.NewUserName("login");
        var password = "pw " + Guid.NewGuid().ToString("N")[..12];
        await server.CreateUserAsync(user, password);
        return (Jid.Parse($"{user}@{server.Domain}"), user, password);
    }

    private static XmppClientOptions Options(ProsodyServer server, Jid jid, string password, bool directTls, string? mechanism, IProtocolTrace? trace = null)
    {
        var tls = new TlsPolicy();
        tls.TrustedCertificates.Add(server.CaCertificate);
        return new XmppClientOptions
        {
            Jid = jid,
            Password = password,
            Host = server.Host,
            Port = directTls ? server.DirectTlsPort : server.C2sPort,
            DirectTls = directTls,
            Tls = tls,
            AllowedMechanisms = mechanism is null ? null : [mechanism],
            ProtocolTrace = trace,
        };
    }

    [Theory]
    [InlineData("SCRAM-SHA-1", false)]
    [InlineData("SCRAM-SHA-1", true)]
    [InlineData("PLAIN", false)]
    [InlineData("PLAIN", true)]
    public async Task Logs_in_over_tls13(string mechanism, bool directTls)
    {
        var server = fixture.Server;
        var (jid, _, password) = await NewAccountAsync(server);
        await using var client = new XmppClient(Options(server, jid, password, directTls, mechanism));

        await client.ConnectAsync(Timeout);

        Assert.True(client.IsConnected);
        Assert.Equal(SslProtocols.Tls13, client.TlsProtocol);
        Assert.Equal(mechanism, client.SaslMechanism);
        Assert.True(client.BoundJid!.BareEquals(jid));
        Assert.NotNull(client.BoundJid.Resource);
        await client.DisconnectAsync(Timeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Logs_in_with_scram_sha1_plus_over_tls12(bool directTls)
    {
        var server = tls12.Server;
        var (jid, _, password) = await NewAccountAsync(server);
        await using var client = new XmppClient(Options(server, jid, password, directTls, "SCRAM-SHA-1-PLUS"));

        await client.ConnectAsync(Timeout);

        Assert.Equal(SslProtocols.Tls12, client.TlsProtocol);
        Assert.Equal("SCRAM-SHA-1-PLUS", client.SaslMechanism);
        Assert.True(client.BoundJid!.BareEquals(jid));
        await client.DisconnectAsync(Timeout);
    }

    [Fact]
    public async Task Tls12_server_gets_plus_by_default()
    {
        // No allow-list: the selector must rank the channel-bound mechanism first when it is offered.
        var server = tls12.Server;
        var (jid, _, password) = await NewAccountAsync(server);
        await using var client = new XmppClient(Options(server, jid, password, directTls: false, mechanism: null));

        await client.ConnectAsync(Timeout);

        Assert.Equal("SCRAM-SHA-1-PLUS", client.SaslMechanism);
    }

    [Theory]
    [InlineData("SCRAM-SHA-1", false)]
    [InlineData("PLAIN", true)]
    public async Task Wrong_password_is_an_authentication_error(string mechanism, bool directTls)
    {
        var server = fixture.Server;
        var (jid, _, _) = await NewAccountAsync(server);
        await using var client = new XmppClient(Options(server, jid, "wrong password", directTls, mechanism));

        var ex = await Assert.ThrowsAsync<XmppAuthenticationException>(() => client.ConnectAsync(Timeout));

        Assert.Equal("not-authorized", ex.Condition);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Plain_trace_does_not_contain_the_credentials()
    {
        var server = fixture.Server;
        var (jid, user, password) = await NewAccountAsync(server);
        var log = new StringWriter();
        using (var trace = new ProtocolTraceWriter(log))
        {
            await using var client = new XmppClient(Options(server, jid, password, directTls: false, "PLAIN", trace));
            await client.ConnectAsync(Timeout);
            await client.DisconnectAsync(Timeout);
        }

        var text = log.ToString();
        Assert.Contains("mechanism='PLAIN'", text.Replace('"', '\''), StringComparison.Ordinal);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}")), text, StringComparison.Ordinal);
    }
}
