using System.Collections;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Magpie.Cli.Session;

namespace Magpie.Cli.Tests.Commands;

/// <summary>A server that offered SCRAM before and now offers only PLAIN: <c>magpie</c> refuses to hand it the password
/// (exit code 3, a message naming <c>--allow-downgrade</c>) unless told to. The server is a scripted one on loopback,
/// over real TLS with a pinned self-signed key.</summary>
public sealed class SaslDowngradeTests : IDisposable
{
    private const string Account = "juliet@example.com";
    private readonly string _config = Directory.CreateTempSubdirectory("magpie-config-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    /// <summary>Accepts one connection, opens the stream offering PLAIN only, and answers an &lt;auth/&gt; with
    /// not-authorized. Returns everything the client wrote.</summary>
    private sealed class PlainOnlyServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly Task<string> _run;

        public PlainOnlyServer()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
            Pin = Convert.ToHexStringLower(SHA256.HashData(_certificate.PublicKey.ExportSubjectPublicKeyInfo()));
            _listener.Start();
            _run = RunAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public string Pin { get; }
        public Task<string> Written => _run;

        private async Task<string> RunAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var tcp = await _listener.AcceptTcpClientAsync(cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cts.Token);
            var written = new StringBuilder();
            var buffer = new byte[4096];
            var opened = false;
            var answered = false;
            while (true)
            {
                int n;
                try
                {
                    n = await tls.ReadAsync(buffer, cts.Token);
                }
                catch (IOException)
                {
                    break;
                }
                if (n == 0)
                    break;
                written.Append(Encoding.UTF8.GetString(buffer, 0, n));
                var text = written.ToString();
                if (!opened && text.Contains("<stream:stream", StringComparison.Ordinal) && text.TrimEnd().EndsWith('>'))
                {
                    opened = true;
                    await WriteAsync(tls, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s1'>" +
                        "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>", cts.Token);
                }
                if (!answered && text.Contains("</auth>", StringComparison.Ordinal))
                {
                    answered = true;
                    await WriteAsync(tls, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure></stream:stream>", cts.Token);
                }
            }
            return written.ToString();
        }

        private static async Task WriteAsync(SslStream tls, string text, CancellationToken ct)
        {
            await tls.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
            await tls.FlushAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or TimeoutException or IOException)
            {
            }
            _certificate.Dispose();
        }
    }

    private async Task<(int Code, string Error, string ServerSaw)> ConnectAsync(params string[] extra)
    {
        await using var server = new PlainOnlyServer();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var environment = new Hashtable { ["XDG_CONFIG_HOME"] = _config, ["MAGPIE_PASSWORD"] = "secret" };
        string[] args = ["connect", "--jid", Account, "--server", $"127.0.0.1:{server.Port}", "--direct-tls", "--pin", server.Pin, .. extra];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await Program.RunAsync(args, stdout, stderr, environment, cts.Token);
        var saw = await server.Written.WaitAsync(TimeSpan.FromSeconds(10));
        return (code, stderr.ToString(), saw);
    }

    private AccountStore Store => new(Path.Combine(_config, "magpie", "config.toml"));

    [Fact]
    public async Task Plain_only_after_scram_was_seen_is_refused_with_exit_code_3_and_no_password_sent()
    {
        Store.RememberOffer(Account, ["SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"]);

        var (code, error, saw) = await ConnectAsync();

        Assert.Equal(3, code);
        Assert.Contains("offered SCRAM before but now offers only PLAIN", error, StringComparison.Ordinal);
        Assert.Contains("If the server really changed, add --allow-downgrade.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("explicitly", error, StringComparison.Ordinal); // said once, the way this program says it
        Assert.DoesNotContain("<auth", saw, StringComparison.Ordinal);
        // Still remembered: the next attempt is refused too.
        Assert.Equal(["SCRAM-SHA-1", "SCRAM-SHA-256"], Store.RememberedScram(Account));
    }

    [Fact]
    public async Task Allow_downgrade_lets_the_plain_login_go_ahead()
    {
        Store.RememberOffer(Account, ["SCRAM-SHA-1", "PLAIN"]);

        var (code, error, saw) = await ConnectAsync("--allow-downgrade");

        // The scripted server refuses the password: what matters is that it was offered one, with PLAIN.
        Assert.Equal(3, code);
        Assert.Matches("<auth [^>]*mechanism=['\"]PLAIN['\"]", saw);
        Assert.DoesNotContain("--allow-downgrade", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_login_screens_account_requires_scram_when_its_server_offered_it_before()
    {
        Store.RememberOffer(Account, ["SCRAM-SHA-1", "PLAIN"]);
        var typed = new Magpie.Xmpp.XmppClientOptions { Jid = Magpie.Xmpp.Jid.Parse(Account + "/screen"), Password = "secret" };

        Assert.True(Magpie.Cli.Commands.SaslMemory.Open(Store, typed.Jid, allowDowngrade: false, TextWriter.Null).Apply(typed).RequireScram);
        Assert.False(Magpie.Cli.Commands.SaslMemory.Open(Store, Magpie.Xmpp.Jid.Parse("romeo@example.com"), allowDowngrade: false, TextWriter.Null)
            .Apply(typed with { Jid = Magpie.Xmpp.Jid.Parse("romeo@example.com") }).RequireScram);

        // A login that succeeds is remembered: the next one on the screen requires SCRAM too.
        var fresh = Magpie.Cli.Commands.SaslMemory.Open(Store, Magpie.Xmpp.Jid.Parse("romeo@example.com"), allowDowngrade: false, TextWriter.Null);
        fresh.Remember(["SCRAM-SHA-256", "PLAIN"]);
        Assert.Equal(["SCRAM-SHA-256"], Store.RememberedScram("romeo@example.com"));
    }
}
