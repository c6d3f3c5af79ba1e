using System.Collections;
using System.Net.Sockets;
using System.Text.Json;
using Magpie.Cli.Commands;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Commands;

public sealed class ExitCodesTests
{
    public static TheoryData<Exception, int> Mappings => new()
    {
        { new UsageException("bad"), 1 },
        { new XmppConnectionException("refused"), 2 },
        { new XmppTlsException("untrusted", new byte[32]), 2 },
        { new XmppStreamErrorException("host-unknown", null), 2 },
        { new XmppProtocolException("broken"), 2 },
        { new XmppNotConnectedException(), 2 },
        { new IOException("reset"), 2 },
        { new SocketException(), 2 },
        { new XmppAuthenticationException("not authorised", "not-authorized"), 3 },
        { new StanzaErrorException(StanzaError.ServiceUnavailable), 4 },
        { new StanzaErrorException(StanzaError.RemoteServerTimeout), 4 },
        { new CommandTimeoutException("nothing came"), 5 },
        { new Magpie.Xmpp.Xml.XmlCharacterException('\u0001', 2, "body"), 1 },
        { new InvalidOperationException("bug"), 70 },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Maps_exceptions_to_exit_codes(Exception exception, int code) =>
        Assert.Equal(code, ExitCodes.Classify(exception).Code);

    [Fact]
    public void A_character_xml_forbids_is_a_usage_error_naming_it_without_the_parameter_suffix()
    {
        var (code, message) = ExitCodes.Classify(new Magpie.Xmpp.Xml.XmlCharacterException('\u001b', 4, "status", "stanza"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("The character U+001B at position 4 of <status> is not allowed in XML 1.0; the stanza was not sent.", message);
    }

    [Fact]
    public void Cancellation_by_the_user_is_an_interruption() =>
        Assert.Equal(ExitCodes.Interrupted, ExitCodes.Classify(new OperationCanceledException(), cancelled: true).Code);

    [Fact]
    public void Report_prints_one_sanitised_line_to_stderr_and_nothing_to_stdout()
    {
        var (context, stdout, stderr) = Context();
        var code = ExitCodes.Report(context, json: false, new XmppStreamErrorException("conflict", "evil\u001b[2J\ntext"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout.ToString());
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("magpie: The server closed the stream: conflict", line, StringComparison.Ordinal);
        Assert.Contains("\\x1b[2J text", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', line);
    }

    [Fact]
    public void Report_with_json_also_prints_an_error_object()
    {
        var (context, stdout, stderr) = Context();
        var code = ExitCodes.Report(context, json: true, new XmppAuthenticationException("Authentication failed: not-authorized.", "not-authorized"));
        Assert.Equal(3, code);
        using var document = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("Authentication failed: not-authorized.", document.RootElement.GetProperty("error").GetString());
        Assert.Equal(3, document.RootElement.GetProperty("exit_code").GetInt32());
        Assert.StartsWith("magpie: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_reports_what_the_body_throws()
    {
        var (context, _, stderr) = Context();
        var code = await ExitCodes.RunAsync(context, json: false, () => throw new StanzaErrorException(StanzaError.BadRequest), CancellationToken.None);
        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("bad-request", stderr.ToString(), StringComparison.Ordinal);
    }

    private static (CliContext Context, StringWriter Out, StringWriter Error) Context()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (new CliContext(stdout, stderr, new Hashtable(), null), stdout, stderr);
    }
}
