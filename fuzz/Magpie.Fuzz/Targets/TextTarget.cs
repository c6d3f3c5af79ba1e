using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Extensions.XhtmlIm;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// XHTML-IM to text (XEP-0071) and message styling (XEP-0393). Input: a mode byte; bit 1 clear: the rest is XML and
/// every element is converted with <see cref="XhtmlIm.ToStyledText"/>; bit 1 set: the rest is a body (bit 0: UTF-8 or
/// UTF-16) for <see cref="MessageStyling.Parse"/> and <see cref="MeCommand.TryGetAction"/>.
/// Oracles: nothing is thrown; styling keeps the text exactly (its runs concatenate to the body, as documented);
/// the XHTML text is no longer than the element's text and attributes plus the markers and line breaks the conversion adds; time
/// and memory bounded (hostile nesting must not exhaust the stack).
/// </summary>
public static class TextTarget
{
    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var mode = data[0];
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(2), 8 << 20, 1000, () =>
        {
            if ((mode & 2) == 0)
                Xhtml(data.AsSpan(1));
            else
                Styling(Input.Text(mode, data.AsSpan(1)));
        });
    }

    private static void Xhtml(ReadOnlySpan<byte> xml)
    {
        foreach (var element in Xml.Elements(xml))
        {
            StyledText text;
            try
            {
                text = XhtmlIm.ToStyledText(element);
            }
            catch (Exception ex)
            {
                throw new FuzzFinding("XhtmlIm.ToStyledText threw", ex);
            }
            var plain = text.ToPlainText();
            // What the conversion may add: image alt text and link targets (attributes), markers and line breaks per element.
            var bound = element.Value.Length + element.DescendantsAndSelf().Sum(e => 24 + e.Attributes().Sum(a => a.Value.Length)) + 16;
            Oracle.Check(plain.Length <= bound, $"XHTML-IM text of {plain.Length} characters from an element with {element.Value.Length}");
            Oracle.Check(string.Concat(text.Runs.Select(r => r.Text)) == plain, "the runs do not make up the plain text");
        }
    }

    private static void Styling(string body)
    {
        StyledText styled;
        try
        {
            styled = MessageStyling.Parse(body);
            _ = MeCommand.TryGetAction(body, out _);
        }
        catch (Exception ex)
        {
            throw new FuzzFinding("message styling threw", ex);
        }
        Oracle.Check(styled.ToPlainText() == body, "message styling changed the text");
        Oracle.Check(styled.Runs.All(r => r.Text.Length > 0), "message styling made an empty run");
    }
}
