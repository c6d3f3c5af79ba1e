using System.Xml;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.XhtmlIm;

/// <summary>XEP-0071 XHTML-IM: sends an XHTML body next to the plain one, and turns a received XHTML body
/// into <see cref="StyledText"/> through an allow-list, so that no markup, script, style or remote
/// resource of the sender ever reaches the UI.</summary>
public static class XhtmlIm
{
    /// <summary>The XEP-0071 wrapper namespace.</summary>
    public const string Namespace = "http://jabber.org/protocol/xhtml-im";

    /// <summary>The XHTML namespace of the inner body.</summary>
    public const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    internal static readonly XName HtmlName = XName.Get("html", Namespace);
    internal static readonly XName BodyName = XName.Get("body", XhtmlNamespace);

    /// <summary>Sets the message's XHTML body from an XHTML fragment such as
    /// <c>&lt;p&gt;Hi &lt;strong&gt;there&lt;/strong&gt;&lt;/p&gt;</c>. When the message has no plain body yet,
    /// its text rendering becomes the plain fallback (§7: the plain body is required).</summary>
    /// <exception cref="ArgumentException">The fragment is not well-formed XML (HTML-only entities such as
    /// <c>&amp;nbsp;</c> included), uses a DTD, or holds a forbidden character.</exception>
    public static void SetHtml(Message message, string html)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(html);
        var body = ParseFragment(html);
        // The plain body goes first: receivers without XHTML-IM read the first body they find.
        message.Body ??= ToStyledText(body).ToPlainText();
        message.Element.Elements(HtmlName).Remove();
        message.Element.Add(new XElement(HtmlName, body));
    }

    /// <summary>The received XHTML body converted to safe styled text, or null when there is none.</summary>
    public static StyledText? GetStyledText(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = message.GetChild(HtmlName);
        var bodies = html?.Elements(BodyName).ToList();
        if (bodies is null || bodies.Count == 0)
            return null;
        var body = bodies.FirstOrDefault(b => b.Attribute(XNamespace.Xml + "lang") is null) ?? bodies[0];
        return ToStyledText(body);
    }

    /// <summary>Converts an XHTML element (typically the <c>&lt;body/&gt;</c>) to safe styled text.</summary>
    public static StyledText ToStyledText(XElement body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return XhtmlConverter.Convert(body);
    }

    private static XElement ParseFragment(string html)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = true,
            ConformanceLevel = ConformanceLevel.Document,
        };
        // Wrapping in the body makes the fragment's elements XHTML; a stray "</body>" in the input
        // leaves two roots or an unbalanced tag, which the reader refuses.
        var wrapped = "<body xmlns='" + XhtmlNamespace + "'>" + html + "</body>";
        try
        {
            using var reader = XmlReader.Create(new StringReader(wrapped), settings);
            var element = XElement.Load(reader, LoadOptions.PreserveWhitespace);
            if (element.Name != BodyName)
                throw new ArgumentException("The XHTML fragment must not redefine the body's namespace.", nameof(html));
            return element;
        }
        catch (XmlException ex)
        {
            throw new ArgumentException("The XHTML fragment is not well-formed: " + ex.Message, nameof(html), ex);
        }
    }
}
