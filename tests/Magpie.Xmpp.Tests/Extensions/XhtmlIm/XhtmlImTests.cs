using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.XhtmlIm;

using XhtmlIm = Magpie.Xmpp.Extensions.XhtmlIm.XhtmlIm;

public sealed class XhtmlImTests
{
    private static StyledText Convert(string inner) =>
        XhtmlIm.ToStyledText(XElement.Parse("<body xmlns='http://www.w3.org/1999/xhtml'>" + inner + "</body>", LoadOptions.PreserveWhitespace));

    [Fact]
    public async Task SetHtml_sends_xhtml_body_with_plain_fallback()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>Hi there</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p>Hi <strong>there</strong></p></body></html></message>
            """);
        var message = new Message(Jid.Parse("romeo@example.net"), null);
        XhtmlIm.SetHtml(message, "<p>Hi <strong>there</strong></p>");
        Assert.Equal("Hi there", message.Body);
        await session.Client.SendAsync(message);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("<p>unclosed")]
    [InlineData("a &nbsp; b")]
    [InlineData("</body><body>x")]
    [InlineData("<!DOCTYPE x [<!ENTITY e 'boom'>]><p>&e;</p>")]
    [InlineData("bad \u0001 char")]
    public void SetHtml_refuses_malformed_input(string html)
    {
        var message = new Message(Jid.Parse("romeo@example.net"), "plain");
        Assert.Throws<ArgumentException>(() => XhtmlIm.SetHtml(message, html));
        Assert.Null(message.GetChild(XName.Get("html", XhtmlIm.Namespace)));
    }

    [Fact]
    public async Task Received_hostile_xhtml_becomes_harmless_text()
    {
        var received = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='mallory@evil.example/x' to='juliet@example.com/balcony' type='chat'><body>fallback</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p style='color:red' onclick='evil()'>Hi<script>alert(1)</script><style>p{background:url(http://tracker/css)}</style> <a href='javascript:alert(1)'>x</a> <img src='http://tracker/pixel.gif'/> <img src='http://tracker/2' alt='cat'/> <iframe src='http://tracker/frame'>frame text</iframe><object data='http://tracker/o'>obj</object></p></body></html></message>
            """, configure: c => c.MessageReceived += (_, m) => received.TrySetResult(m));
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var text = XhtmlIm.GetStyledText(message)!;
        var plain = text.ToPlainText();
        Assert.Equal("Hi x [image] [image: cat]", plain);
        Assert.DoesNotContain("alert", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", plain, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tracker", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("background", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<a href='https://example.org/a'>site</a>", "site [https://example.org/a]")]
    [InlineData("<a href='xmpp:romeo@example.net'>me</a>", "me [xmpp:romeo@example.net]")]
    [InlineData("<a href='mailto:r@example.net'>mail</a>", "mail [mailto:r@example.net]")]
    [InlineData("<a href='https://example.org/'>https://example.org/</a>", "https://example.org/")]
    [InlineData("<a href='JavaScript:alert(1)'>x</a>", "x")]
    [InlineData("<a href=' javascript:alert(1)'>x</a>", "x")]
    [InlineData("<a href='java&#9;script:alert(1)'>x</a>", "x")]
    [InlineData("<a href='data:text/html,&lt;script&gt;'>x</a>", "x")]
    [InlineData("<a href='/relative'>x</a>", "x")]
    [InlineData("<a href='file:///etc/passwd'>x</a>", "x")]
    public void Links_show_their_target_only_for_safe_schemes(string html, string expected)
    {
        Assert.Equal(expected, Convert(html).ToPlainText());
    }

    [Fact]
    public void Formatting_becomes_runs_with_flags()
    {
        var text = Convert("<p>a <strong>b</strong> <b>c</b> <em>d</em> <i>e</i> <u>f</u> <code>g</code> <span style='x'>h</span> <unknown>k</unknown></p>");
        Assert.Equal("a b c d e f g h k", text.ToPlainText());
        Assert.Contains(new StyledRun("b", TextStyles.Bold), text.Runs);
        Assert.Contains(new StyledRun("e", TextStyles.Italic), text.Runs);
        Assert.Contains(new StyledRun("f", TextStyles.Underline), text.Runs);
        Assert.Contains(new StyledRun("g", TextStyles.Code), text.Runs);
        var nested = Convert("<strong>x<em>y</em></strong>");
        Assert.Contains(new StyledRun("y", TextStyles.Bold | TextStyles.Italic), nested.Runs);
    }

    [Fact]
    public void Blocks_lists_breaks_and_quotes_become_lines()
    {
        var text = Convert("<p>one<br/>two</p><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol><blockquote>q</blockquote><pre>  keep\n   this</pre>after");
        Assert.Equal("one\ntwo\n• a\n• b\n1. x\n2. y\n> q\n  keep\n   this\nafter", text.ToPlainText());
        Assert.Contains(text.Runs, r => r.Styles.HasFlag(TextStyles.Quote) && r.Text.Contains('q', StringComparison.Ordinal));
        Assert.Contains(text.Runs, r => r.Styles == TextStyles.Code && r.Text.Contains("keep", StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_nesting_and_large_input_do_not_overflow_the_stack()
    {
        // Built without XElement.Parse so the test itself does not recurse: 100 000 nested spans.
        var root = new XElement(XName.Get("body", XhtmlIm.XhtmlNamespace));
        var current = root;
        for (var i = 0; i < 100_000; i++)
        {
            var child = new XElement(XName.Get(i % 2 == 0 ? "span" : "em", XhtmlIm.XhtmlNamespace));
            current.Add(child);
            current = child;
        }
        current.Add("deep");
        var text = XhtmlIm.ToStyledText(root);
        Assert.Equal("deep", text.ToPlainText());
        Assert.Equal(TextStyles.Italic, Assert.Single(text.Runs).Styles);
    }

    [Fact]
    public void Message_without_xhtml_has_no_styled_text()
    {
        Assert.Null(XhtmlIm.GetStyledText(new Message(Jid.Parse("romeo@example.net"), "plain")));
    }
}
