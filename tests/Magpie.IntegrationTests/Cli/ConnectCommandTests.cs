using System.Collections;
using System.Text;
using System.Text.Json;
using Magpie.Cli;
using Magpie.Prosody;
using Magpie.Xmpp.Transport;

namespace Magpie.IntegrationTests.Cli;

/// <summary>Runs the real <c>magpie connect</c> in-process against Prosody.</summary>
[Collection("prosody")]
public sealed class ConnectCommandTests(ProsodyFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-cli-it-").FullName;

    private ProsodyServer Server => fixture.Server;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string Jid, string PasswordFile, string User, string Password)> NewAccountAsync()
    {
        var user = ProsodyServer.NewUserName("cli");
        var password = "pw " + Guid.NewGuid().ToString("N")[..12];
        await Server.CreateUserAsync(user, password);
        var file = Path.Combine(_dir, user + ".pw");
        await File.WriteAllTextAsync(file, password + "\n");
        return ($"{user}@{Server.Domain}", file, user, password);
    }

    private string[] Args(string jid, string passwordFile, params string[] extra) =>
        ["connect", "--jid", jid, "--password-file", passwordFile, "--server", $"{Server.Host}:{Server.C2sPort}", .. extra];

    private static async Task<(int Code, string Out, string Error)> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // An empty environment: the developer's own MAGPIE_* variables must not leak into the test.
        var code = await Program.RunAsync(args, stdout, stderr, new Hashtable(), cts.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Connect_with_ca_file_prints_the_session()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();

        var (code, stdout, stderr) = await RunAsync(Args(jid, passwordFile, "--ca-file", Server.CaCertificatePath));

        Assert.True(code == 0, stderr);
        Assert.Matches($@"(?m)^jid: +{System.Text.RegularExpressions.Regex.Escape(jid)}/\S+$", stdout);
        Assert.Contains("Tls13", stdout, StringComparison.Ordinal);
        Assert.Matches("(?m)^mechanism: +SCRAM-SHA-1$", stdout);
        Assert.Matches("(?m)^server: +Prosody", stdout);
    }

    [Fact]
    public async Task Connect_with_json_prints_one_object()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();

        var (code, stdout, stderr) = await RunAsync(Args(jid, passwordFile, "--ca-file", Server.CaCertificatePath, "--json"));

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.StartsWith(jid + "/", root.GetProperty("jid").GetString(), StringComparison.Ordinal);
        Assert.Equal("Tls13", root.GetProperty("tls").GetString());
        Assert.Equal("SCRAM-SHA-1", root.GetProperty("mechanism").GetString());
        var software = root.GetProperty("server_software");
        Assert.Equal(JsonValueKind.Object, software.ValueKind);
        Assert.Equal("Prosody", software.GetProperty("name").GetString());
        Assert.True(software.TryGetProperty("version", out _));
        Assert.True(software.TryGetProperty("os", out _));
    }

    [Fact]
    public async Task Direct_tls_connects_too()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();

        var (code, stdout, stderr) = await RunAsync(["connect", "--jid", jid, "--password-file", passwordFile,
            "--server", $"{Server.Host}:{Server.DirectTlsPort}", "--direct-tls", "--ca-file", Server.CaCertificatePath]);

        Assert.True(code == 0, stderr);
        Assert.Contains(jid + "/", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_exits_3_with_a_clear_message()
    {
        var (jid, _, _, _) = await NewAccountAsync();
        var wrong = Path.Combine(_dir, "wrong.pw");
        await File.WriteAllTextAsync(wrong, "not-the-password");

        var (code, stdout, stderr) = await RunAsync(Args(jid, wrong, "--ca-file", Server.CaCertificatePath));

        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("magpie: ", stderr, StringComparison.Ordinal);
        Assert.Contains("wrong user name or password", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Untrusted_certificate_exits_2_and_names_the_fingerprint()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();
        var fingerprint = CertificatePin.FromCertificate(Server.ServerCertificate).ToHex();

        var (code, stdout, stderr) = await RunAsync(Args(jid, passwordFile, "--json"));

        Assert.Equal(2, code);
        Assert.Contains(fingerprint, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // one line
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(2, document.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains(fingerprint, document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinning_the_servers_key_is_enough_without_a_ca()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();
        var fingerprint = CertificatePin.FromCertificate(Server.ServerCertificate).ToHex();

        var (code, stdout, stderr) = await RunAsync(Args(jid, passwordFile, "--pin", fingerprint));

        Assert.True(code == 0, stderr);
        Assert.Contains(jid + "/", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinning_another_key_exits_2_even_with_the_ca()
    {
        var (jid, passwordFile, _, _) = await NewAccountAsync();
        var otherKey = CertificatePin.FromCertificate(Server.CaCertificate).ToBase64();

        var (code, _, stderr) = await RunAsync(Args(jid, passwordFile, "--pin", otherKey, "--ca-file", Server.CaCertificatePath));

        Assert.Equal(2, code);
        Assert.Contains("pinned", stderr, StringComparison.Ordinal);
        // The key that failed the pin is not offered as the pin to use: that is what a pin exists to catch.
        Assert.DoesNotContain("trust it with --pin", stderr, StringComparison.Ordinal);
        Assert.Contains("intercepting", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xml_log_records_both_sides_without_the_password()
    {
        var (jid, passwordFile, user, password) = await NewAccountAsync();
        var log = Path.Combine(_dir, "session.xml.log");

        var (code, _, stderr) = await RunAsync(Args(jid, passwordFile, "--ca-file", Server.CaCertificatePath, "--xml-log", log));

        Assert.True(code == 0, stderr);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("\nC: ", "\n" + text, StringComparison.Ordinal);
        Assert.Contains("\nS: ", text, StringComparison.Ordinal);
        Assert.Contains("jabber:iq:version", text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}")), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_logs_to_stderr_without_the_password()
    {
        var (jid, passwordFile, _, password) = await NewAccountAsync();

        var (code, stdout, stderr) = await RunAsync(Args(jid, passwordFile, "--ca-file", Server.CaCertificatePath, "--verbose", "--json"));

        Assert.True(code == 0, stderr);
        Assert.Contains("Session established", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(password, stderr, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(stdout); // logs never reach stdout
    }
}
