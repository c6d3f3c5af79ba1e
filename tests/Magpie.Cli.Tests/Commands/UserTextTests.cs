using System.Text;
using Magpie.Cli.Commands;

namespace Magpie.Cli.Tests.Commands;

public sealed class UserTextTests
{
    [Fact]
    public async Task Standard_input_that_is_not_utf8_is_refused_line_by_line_instead_of_sent_with_replacement_characters()
    {
        byte[] bytes = [.. "one\n"u8, .. "lone "u8, 0xED, 0xA0, 0x80, .. " surrogate\n"u8, .. "cut "u8, 0xC3, .. "\n"u8, .. "four \uFFFD kept\n"u8];
        using var reader = UserText.StrictUtf8Reader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
            lines.Add(line);

        Assert.Equal(4, lines.Count);
        Assert.Null(UserText.Problem(lines[0], readFromStandardInput: true));
        Assert.Equal("it holds bytes that are not UTF-8 (character 6), which XMPP cannot carry", UserText.Problem(lines[1], readFromStandardInput: true));
        Assert.StartsWith("it holds bytes that are not UTF-8", UserText.Problem(lines[2], readFromStandardInput: true), StringComparison.Ordinal);
        Assert.Null(UserText.Problem(lines[3], readFromStandardInput: true)); // a real U+FFFD, sent as UTF-8, is text like any other
        Assert.Equal("four \uFFFD kept", lines[3]);
    }
}
