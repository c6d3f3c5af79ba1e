using Magpie.Cli.Rendering;

namespace Magpie.Cli.Tests.Rendering;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("", "")]
    [InlineData("caf\u00e9 \u65e5\u672c \U0001F426", "caf\u00e9 \u65e5\u672c \U0001F426")]
    [InlineData("a\u001b[31mred", "a\\x1b[31mred")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("nul\0", "nul\\x00")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")]
    [InlineData("c1\u0085", "c1\\x85")]
    [InlineData("evil\u202Etxt.exe", "evil\\u202etxt.exe")]
    [InlineData("\u202A\u202B\u202C\u202D", "\\u202a\\u202b\\u202c\\u202d")]
    [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")]
    [InlineData("\u200E\u200F\u061C", "\\u200e\\u200f\\u061c")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("cr\roverwrite", "cr\\x0doverwrite")]
    public void Escapes_dangerous_characters_visibly(string input, string expected) =>
        Assert.Equal(expected, SafeText.Sanitize(input));

    [Fact]
    public void Line_breaks_and_tabs_are_escaped_by_default() =>
        Assert.Equal("a\\x0ab\\x09c", SafeText.Sanitize("a\nb\tc"));

    [Fact]
    public void Line_breaks_and_tabs_are_kept_when_allowed_and_crlf_becomes_lf() =>
        Assert.Equal("a\nb\tc\nd\\x0de", SafeText.Sanitize("a\nb\tc\r\nd\re", allowLineBreaks: true));

    [Fact]
    public void Escapes_are_still_applied_when_line_breaks_are_allowed() =>
        Assert.Equal("x\n\\x1b]0;title\\x07", SafeText.Sanitize("x\n\u001b]0;title\u0007", allowLineBreaks: true));

    [Fact]
    public void Escapes_unpaired_surrogates()
    {
        // Not [InlineData]: xunit's test-case serialisation mangles lone surrogates before they reach us.
        var cases = new (string Input, string Expected)[]
        {
            ("lone" + '\uD800' + "high", "lone\\ud800high"),
            ("lone" + '\uDC00' + "low", "lone\\udc00low"),
            ("end" + '\uD83D', "end\\ud83d"),
            ("swapped" + '\uDC26' + '\uD83D', "swapped\\udc26\\ud83d"),
        };
        foreach (var (input, expected) in cases)
            Assert.Equal(expected, SafeText.Sanitize(input));
    }

    [Fact]
    public void Null_becomes_empty() => Assert.Equal("", SafeText.Sanitize(null));

    [Fact]
    public void Clean_text_is_returned_as_is()
    {
        const string clean = "nothing to see here";
        Assert.Same(clean, SafeText.Sanitize(clean));
    }

    [Fact]
    public void OneLine_joins_lines_and_still_escapes() =>
        Assert.Equal("first second \\x1b[2J", SafeText.OneLine("first\r\nsecond\n\u001b[2J\n"));
}
