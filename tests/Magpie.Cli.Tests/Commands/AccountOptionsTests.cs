using System.Collections;
using System.CommandLine;
using Magpie.Cli.Commands;
using Magpie.Xmpp.Transport;

namespace Magpie.Cli.Tests.Commands;

public sealed class AccountOptionsTests : IDisposable
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-cli-tests-").FullName;
    private readonly AccountOptions _account = new();
    private readonly Command _command = new("test");

    public AccountOptionsTests() => _account.AddTo(_command);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliContext Context(Hashtable? env = null, Func<string, string?>? prompt = null) =>
        new(new StringWriter(), new StringWriter(), env ?? [], prompt);

    private string WriteFile(string content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    private ClientSetup Build(CliContext context, params string[] args)
    {
        var result = _command.Parse(args);
        Assert.Empty(result.Errors);
        return _account.Build(result, context);
    }

    private string Password(CliContext context, params string[] args) =>
        _account.ResolvePassword(_command.Parse(args), context);

    [Fact]
    public void Password_file_wins_over_environment_and_prompt()
    {
        var prompted = false;
        var context = Context(new Hashtable { [AccountOptions.PasswordVariable] = "from-env" }, _ => { prompted = true; return "typed"; });
        Assert.Equal("from-file", Password(context, "--password-file", WriteFile("from-file\nsecond line\n")));
        Assert.False(prompted);
    }

    [Fact]
    public void Environment_wins_over_prompt()
    {
        var prompted = false;
        var context = Context(new Hashtable { [AccountOptions.PasswordVariable] = "from-env" }, _ => { prompted = true; return "typed"; });
        Assert.Equal("from-env", Password(context));
        Assert.False(prompted);
    }

    [Fact]
    public void Prompt_is_the_last_resort()
    {
        var context = Context(prompt: _ => "typed");
        Assert.Equal("typed", Password(context));
    }

    [Fact]
    public void Empty_environment_variable_counts_as_unset() =>
        Assert.Equal("typed", Password(Context(new Hashtable { [AccountOptions.PasswordVariable] = "" }, _ => "typed")));

    [Fact]
    public void No_source_and_no_terminal_is_a_usage_error()
    {
        var ex = Assert.Throws<UsageException>(() => Password(Context()));
        Assert.Contains("--password-file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_file_takes_only_the_first_line_without_its_crlf() =>
        Assert.Equal("p@ss word ", Password(Context(), "--password-file", WriteFile("p@ss word \r\nignored")));

    [Fact]
    public void Empty_password_file_is_a_usage_error_that_does_not_quote_the_file() =>
        Assert.Throws<UsageException>(() => Password(Context(), "--password-file", WriteFile("\nsecret-on-line-2")));

    [Fact]
    public void Missing_password_file_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => Password(Context(), "--password-file", Path.Combine(_dir, "nope")));

    [Fact]
    public void Jid_comes_from_the_option_before_the_environment()
    {
        var context = Context(new Hashtable { [AccountOptions.JidVariable] = "env@example.org", [AccountOptions.PasswordVariable] = "x" });
        using (var fromEnv = Build(context))
            Assert.Equal("env@example.org", fromEnv.Options.Jid.ToString());
        using var fromOption = Build(context, "--jid", "opt@example.net/res");
        Assert.Equal("opt@example.net/res", fromOption.Options.Jid.ToString());
        Assert.Equal("x", fromOption.Options.Password);
    }

    [Theory]
    [InlineData()]
    [InlineData("--jid", "example.org")]
    [InlineData("--jid", "a@b@c@")]
    public void Missing_or_unusable_jid_is_a_usage_error(params string[] args) =>
        Assert.Throws<UsageException>(() => Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }), args));

    [Theory]
    [InlineData("example.net", "example.net", null, false)]
    [InlineData("example.net:5269", "example.net", 5269, false)]
    [InlineData("[::1]:5222", "::1", 5222, false)]
    [InlineData("[::1]", "::1", null, true)]
    public void Server_sets_host_and_port(string server, string host, int? port, bool directTls)
    {
        string[] args = ["--jid", "a@example.org", "--server", server, .. directTls ? new[] { "--direct-tls" } : []];
        using var setup = Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }), args);
        Assert.Equal(host, setup.Options.Host);
        Assert.Equal(port, setup.Options.Port);
        Assert.Equal(directTls, setup.Options.DirectTls);
    }

    [Fact]
    public void Direct_tls_without_server_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }), "--jid", "a@example.org", "--direct-tls"));

    [Fact]
    public void Pins_are_repeatable_in_hex_and_base64()
    {
        var base64 = Convert.ToBase64String(Convert.FromHexString(Hex.Replace("01", "ff", StringComparison.Ordinal)));
        using var setup = Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }),
            "--jid", "a@example.org", "--pin", Hex, "--pin", "sha256/" + base64);
        Assert.Equal([CertificatePin.Parse(Hex), CertificatePin.Parse(base64)], setup.Options.Tls.Pins);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0123456789abcdef")]
    [InlineData("zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Bad_pin_is_a_parse_error(string pin)
    {
        var result = _command.Parse(["--pin", pin]);
        var error = Assert.Single(result.Errors);
        Assert.Contains("--pin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_ca_file_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }),
            "--jid", "a@example.org", "--ca-file", Path.Combine(_dir, "missing.pem")));

    [Fact]
    public void Ca_file_without_certificates_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => Build(Context(new Hashtable { [AccountOptions.PasswordVariable] = "x" }),
            "--jid", "a@example.org", "--ca-file", WriteFile("not a certificate")));
}
