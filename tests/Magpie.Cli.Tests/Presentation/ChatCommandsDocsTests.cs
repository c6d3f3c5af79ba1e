using Magpie.Cli.Presentation;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>docs/tui.md shows the same command and key tables as /help (both come from <see cref="ChatCommands"/>).</summary>
public sealed class ChatCommandsDocsTests
{
    [Fact]
    public void Docs_hold_the_generated_tables()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Magpie.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var path = Path.Combine(root, "docs", "tui.md");
        var docs = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(docs.Contains(ChatCommands.ToMarkdown(), StringComparison.Ordinal),
            $"{path} is out of date; paste this between the markers:\n{ChatCommands.ToMarkdown()}");
    }

    [Fact]
    public void Every_command_has_a_unique_name_and_a_summary()
    {
        Assert.Equal(ChatCommands.All.Count, ChatCommands.All.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ChatCommands.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Summary)));
    }

    [Fact]
    public void The_menu_offers_every_command_and_only_commands()
    {
        var lines = ChatCommands.Menu.SelectMany(m => m.Items).Select(i => i.Line).ToList();
        var named = lines.Select(l => l.TrimStart('/').Split(' ')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(named, n => Assert.NotNull(ChatCommands.Find(n)));
        Assert.All(ChatCommands.All, c => Assert.Contains(c.Name, named));
        // Every sub-word a command completes is reachable too (roster list/add/remove, sub request/approve/deny…),
        // except /status's presence words, which the prefilled line leaves to the user.
        foreach (var c in ChatCommands.All.Where(c => c.Name != "status" && c.Completes.Count > 0 && !c.Completes[0].StartsWith('<')))
            Assert.All(c.Completes, word => Assert.Contains(lines, l => l.StartsWith($"/{c.Name} {word}", StringComparison.Ordinal)));
    }
}
