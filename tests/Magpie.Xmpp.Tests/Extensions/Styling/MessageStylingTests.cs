using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Xmpp.Tests.Extensions.Styling;

public sealed class MessageStylingTests
{
    private static string Render(string body)
    {
        // A compact notation of the runs: [B:...] bold, [I:...] italic, [S:...] strike, [C:...] code, [Q:...] quote.
        var parsed = MessageStyling.Parse(body);
        Assert.Equal(body, parsed.ToPlainText()); // directives stay: every character of the body is kept
        return string.Concat(parsed.Runs.Select(r => r.Styles == TextStyles.None ? r.Text : $"[{Flags(r.Styles)}:{r.Text}]"));
    }

    private static string Flags(TextStyles s) =>
        (s.HasFlag(TextStyles.Quote) ? "Q" : "") + (s.HasFlag(TextStyles.Bold) ? "B" : "") + (s.HasFlag(TextStyles.Italic) ? "I" : "")
        + (s.HasFlag(TextStyles.Strike) ? "S" : "") + (s.HasFlag(TextStyles.Code) ? "C" : "");

    [Theory]
    // §5.2: styled
    [InlineData("*strong*", "[B:*strong*]")]
    [InlineData("plain *strong* plain", "plain [B:*strong*] plain")]
    [InlineData("*strong* plain *strong*", "[B:*strong*] plain [B:*strong*]")]
    [InlineData("*strong*plain*", "[B:*strong*]plain*")]
    [InlineData("* plain *strong*", "* plain [B:*strong*]")]
    // §5.2: not styled
    [InlineData("not strong*", "not strong*")]
    [InlineData("*not strong", "*not strong")]
    [InlineData("*not \n strong*", "*not \n strong*")]
    [InlineData("*not *strong", "*not *strong")]
    [InlineData("**", "**")]
    [InlineData("****", "****")]
    [InlineData("a*b*c", "a*b*c")]
    // emphasis, strike, monospace
    [InlineData("The full title is _Twelfth Night, or What You Will_ but", "The full title is [I:_Twelfth Night, or What You Will_] but")]
    [InlineData("Everyone ~dis~likes cake.", "Everyone [S:~dis~]likes cake.")]
    [InlineData("This is `*monospace*`", "This is [C:`*monospace*`]")]
    [InlineData("This is *`monospace and bold`*", "This is [B:*][BC:`monospace and bold`][B:*]")]
    [InlineData("_emphasized span containing *strong span*_", "[I:_emphasized span containing ][BI:*strong span*][I:_]")]
    // spans do not escape blocks
    [InlineData("but there is no *formatting\nas spans* may not escape blocks.", "but there is no *formatting\nas spans* may not escape blocks.")]
    public void Spans(string body, string expected) => Assert.Equal(expected, Render(body));

    [Fact]
    public void Preformatted_block_is_code_and_ignores_spans()
    {
        Assert.Equal("[C:```ignored\n(println *x*)\n```]\n[B:*after*]", Render("```ignored\n(println *x*)\n```\n*after*"));
    }

    [Fact]
    public void Unclosed_preformatted_block_ends_with_its_parent_quote()
    {
        var body = "> ```\n> (println \"Hello, world!\")\n\nThe entire blockquote is a preformatted text block, but this line\nis plaintext!";
        var runs = MessageStyling.Parse(body).Runs;
        Assert.Contains(runs, r => r.Styles == (TextStyles.Quote | TextStyles.Code) && r.Text.Contains("println", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Styles == TextStyles.None && r.Text.Contains("is plaintext!", StringComparison.Ordinal));
        Assert.Equal(body, MessageStyling.Parse(body).ToPlainText());
    }

    [Fact]
    public void Quotations_nest_and_end_at_a_line_without_greater_than()
    {
        Assert.Equal("[Q:>> That that is, is.\n> Said the old *hermit*]\n\nWho?".Replace("*hermit*]", "][QB:*hermit*]", StringComparison.Ordinal),
            Render(">> That that is, is.\n> Said the old *hermit*\n\nWho?"));
    }

    [Fact]
    public void Hostile_input_does_not_overflow()
    {
        var quotes = new string('>', 100_000) + " deep";
        Assert.Equal(quotes, MessageStyling.Parse(quotes).ToPlainText());
        var spans = string.Concat(Enumerable.Repeat("*_~", 20_000)) + "x" + string.Concat(Enumerable.Repeat("~_*", 20_000));
        Assert.Equal(spans, MessageStyling.Parse(spans).ToPlainText());
    }

    [Theory]
    [InlineData("/me laughs", true, "laughs")]
    [InlineData("/me  shrugs twice", true, " shrugs twice")]
    [InlineData("/me", false, "")]
    [InlineData("/me ", false, "")]
    [InlineData("/ME laughs", false, "")]
    [InlineData(" /me laughs", false, "")]
    [InlineData("/meow", false, "")]
    [InlineData(null, false, "")]
    public void Me_command(string? body, bool isAction, string action)
    {
        Assert.Equal(isAction, MeCommand.TryGetAction(body, out var text));
        Assert.Equal(action, text);
    }
}
