using System.Collections;
using System.Text.Json;

namespace Magpie.Cli.Tests;

public sealed class ProgramTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr, new Hashtable());
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Version_prints_the_plain_version()
    {
        var (code, stdout, _) = await RunAsync("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\r?\n$", stdout);
    }

    [Fact]
    public async Task No_verb_prints_help_and_succeeds()
    {
        var (code, stdout, _) = await RunAsync();
        Assert.Equal(0, code);
        Assert.Contains("connect", stdout, StringComparison.Ordinal);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_without_a_terminal_is_a_usage_error()
    {
        var (code, _, stderr) = await RunAsync("chat", "--jid", "me@example.org");
        Assert.Equal(1, code);
        Assert.Contains("needs a terminal", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_chat_verb()
    {
        var (_, stdout, _) = await RunAsync("--help");
        Assert.Contains("chat", stdout, StringComparison.Ordinal);
        Assert.Contains("--jid", stdout, StringComparison.Ordinal);
    }

    // Each verb's own text, with a character XML 1.0 forbids: refused before any password prompt or connection.
    public static TheoryData<string[], string> TextXmlCannotCarry => new()
    {
        { ["send", "bob@example.org", "hi\u0001there"], "TEXT: it holds U+0001 (character 3)" },
        { ["send", "bob@example.org", "hi", "--correct", "id\u0007"], "--correct: it holds U+0007 (character 3)" },
        { ["muc", "send", "room@muc.example.org", "\u001b[2J", "--nick", "me"], "TEXT: it holds U+001B (character 1)" },
        { ["muc", "join", "room@muc.example.org", "--nick", "me\u0008"], "--nick: it holds U+0008 (character 3)" },
        { ["muc", "subject", "room@muc.example.org", "topic\u0000"], "TEXT: it holds U+0000 (character 6)" },
        { ["muc", "invite", "room@muc.example.org", "bob@example.org", "--reason", "\uffff"], "--reason: it holds U+FFFF (character 1)" },
        { ["presence", "away", "--status", "out\u0002"], "--status: it holds U+0002 (character 4)" },
        { ["roster", "add", "bob@example.org", "--name", "Bob\u0003"], "--name: it holds U+0003 (character 4)" },
        { ["bookmarks", "add", "room@muc.example.org", "--name", "\u0004"], "--name: it holds U+0004 (character 1)" },
    };

    [Theory]
    [MemberData(nameof(TextXmlCannotCarry))]
    public async Task Text_xml_cannot_carry_is_a_usage_error_naming_the_option_and_character(string[] args, string expected)
    {
        var (code, _, stderr) = await RunAsync([.. args, "--jid", "me@example.org"]);
        Assert.Equal(1, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("which XMPP cannot carry; nothing was sent", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("password", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Verb_help_lists_the_account_options()
    {
        var (code, stdout, _) = await RunAsync("connect", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--jid", "--password-file", "--server", "--direct-tls", "--ca-file", "--pin", "--json", "--xml-log", "--verbose" })
            Assert.Contains(option, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("connect", "--no-such-option")]
    [InlineData("connect", "--pin", "nothex")]
    [InlineData("connect", "--server", "host:99999")]
    [InlineData("connect", "--jid")]
    public async Task Parse_errors_exit_1_with_a_message(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("magpie: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_errors_with_json_print_an_error_object()
    {
        var (code, stdout, _) = await RunAsync("connect", "--json", "--pin", "nothex");
        Assert.Equal(1, code);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(1, document.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains("--pin", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_without_a_password_source_exits_1()
    {
        var (code, _, stderr) = await RunAsync("connect", "--jid", "someone@example.org");
        Assert.Equal(1, code);
        Assert.Contains("MAGPIE_PASSWORD", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connect", "--jid", "me@example.org", "--password", "s3cret")]
    [InlineData("send", "--jid", "me@example.org", "--password=s3cret", "you@example.org", "hi")]
    [InlineData("register", "--jid", "me@example.org", "-p", "s3cret")]
    [InlineData("muc", "join", "room@muc.example.org", "--nick", "n", "--room-password", "s3cret")]
    public async Task A_password_on_the_command_line_is_refused_without_printing_it(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("never taken on the command line", stderr, StringComparison.Ordinal);
        Assert.Contains("--password-file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_after_a_double_dash_may_mention_password_options()
    {
        var (code, _, stderr) = await RunAsync("send", "--jid", "me@example.org", "you@example.org", "--", "--password");
        Assert.DoesNotContain("never taken on the command line", stderr, StringComparison.Ordinal);
        Assert.Equal(1, code); // no password source in this test: the usual usage error
        Assert.Contains("MAGPIE_PASSWORD", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("m\u200Be", "U+200B")]
    [InlineData("a\u202Eb", "U+202E")]
    public async Task A_nick_that_cannot_be_one_is_a_usage_error_not_an_internal_error(string nick, string expected)
    {
        var (code, _, stderr) = await RunAsync("muc", "join", "room@muc.example.org", "--nick", nick, "--jid", "me@example.org");
        Assert.Equal(1, code);
        Assert.Contains("cannot be a nickname", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, "the line was not sent (see above)")]
    [InlineData(3, 3, "none of the 3 lines was sent (see above)")]
    [InlineData(1, 3, "1 of 3 lines was not sent (see above); the others were")]
    [InlineData(2, 3, "2 of 3 lines were not sent (see above); the others were")]
    public void Send_dash_sums_up_refused_lines_truthfully(int refused, int lines, string expected) =>
        Assert.Equal(expected, Magpie.Cli.Commands.SendCommand.RefusedSummary(refused, lines));
}
