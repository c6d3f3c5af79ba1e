using System.Collections;
using System.CommandLine;
using Magpie.Cli.Commands;

namespace Magpie.Cli.Tests.Commands;

/// <summary>A one-shot run builds only the verb it names; what the user sees (help, errors) is the same as
/// with the whole tree.</summary>
public sealed class LazyCatalogTests
{
    private static CliContext Context() => new(TextWriter.Null, TextWriter.Null, new Hashtable(), PasswordPrompt: null);

    [Fact]
    public void A_named_verb_gets_only_its_own_subtree()
    {
        var root = CommandCatalog.BuildRoot(Context(), ["send", "bob@example.org", "hi"]);

        Assert.Equal("send", Assert.Single(root.Subcommands).Name);
        // The full-screen client's options are not built for a verb.
        Assert.DoesNotContain(root.Options, o => o.Name == "--register");
    }

    [Fact]
    public void A_group_verb_gets_all_of_its_subverbs()
    {
        var root = CommandCatalog.BuildRoot(Context(), ["muc", "send"]);

        var muc = Assert.Single(root.Subcommands);
        Assert.Equal(CommandCatalog.Verbs.Single(v => v.Name == "muc").Subcommands.Count, muc.Subcommands.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("sned bob@example.org")]
    [InlineData("--jid me@example.org")]
    [InlineData("--version --jid me@example.org")]
    public void Anything_else_gets_every_verb(string commandLine)
    {
        var root = CommandCatalog.BuildRoot(Context(), commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(CommandCatalog.Verbs.Count, root.Subcommands.Count);
        Assert.Contains(root.Options, o => o.Name == "--register");
    }

    [Fact]
    public void Version_alone_builds_no_verb_and_still_prints_the_version()
    {
        var root = CommandCatalog.BuildRoot(Context(), ["--version"]);
        var stdout = new StringWriter();

        Assert.Empty(root.Subcommands);
        var code = root.Parse(["--version"]).Invoke(new InvocationConfiguration { Output = stdout });
        Assert.Equal(0, code);
        Assert.Equal(CommandCatalog.Version, stdout.ToString().Trim());
    }

    [Theory]
    [InlineData("send")]
    [InlineData("muc")]
    [InlineData("connect")]
    public async Task A_verbs_help_is_the_same_as_from_the_whole_tree(string verb)
    {
        var lazy = new StringWriter();
        await Program.RunAsync([verb, "--help"], lazy, TextWriter.Null, new Hashtable());
        var full = new StringWriter();
        CommandCatalog.BuildRoot(Context()).Parse([verb, "--help"]).Invoke(new InvocationConfiguration { Output = full });

        Assert.Equal(full.ToString(), lazy.ToString());
    }
}
