using System.Globalization;
using System.Xml.Linq;

namespace Magpie.Xmpp.StreamManagement;

/// <summary>XEP-0198 (stream management) nonzas: builders and readers of the elements in <c>urn:xmpp:sm:3</c>.
/// Kept apart from the counting so that both halves can be tested alone.</summary>
internal static class StreamManagementNonzas
{
    /// <summary>The XEP-0198 namespace, version 3.</summary>
    public const string Namespace = "urn:xmpp:sm:3";

    public static readonly XNamespace Ns = Namespace;
    public static readonly XName Feature = Ns + "sm";
    public static readonly XName Enable = Ns + "enable";
    public static readonly XName Enabled = Ns + "enabled";
    public static readonly XName Failed = Ns + "failed";
    public static readonly XName Resume = Ns + "resume";
    public static readonly XName Resumed = Ns + "resumed";
    public static readonly XName Request = Ns + "r";
    public static readonly XName Answer = Ns + "a";

    public static XElement BuildEnable() => new(Enable, new XAttribute("resume", "true"));

    public static XElement BuildRequest() => new(Request);

    public static XElement BuildAnswer(uint handled) => new(Answer, new XAttribute("h", Format(handled)));

    public static XElement BuildResume(string previousId, uint handled) =>
        new(Resume, new XAttribute("previd", previousId), new XAttribute("h", Format(handled)));

    /// <summary>The XEP-0198 §6 stream error for a peer acknowledging more than was sent.</summary>
    public static string BuildHandledCountTooHighError(uint h, uint sendCount) =>
        $"<stream:error><undefined-condition xmlns='{Namespaces.StreamErrors}'/>" +
        $"<handled-count-too-high xmlns='{Namespace}' h='{Format(h)}' send-count='{Format(sendCount)}'/></stream:error></stream:stream>";

    /// <summary>Reads an 'h' attribute: an unsigned 32-bit counter. Null when absent.</summary>
    /// <exception cref="XmppProtocolException">The value is not an unsigned 32-bit integer.</exception>
    public static uint? ReadH(XElement element)
    {
        var text = (string?)element.Attribute("h");
        if (text is null)
            return null;
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var h))
            throw new XmppProtocolException($"The server sent an invalid stream management counter h='{text}'.", "undefined-condition");
        return h;
    }

    /// <summary>Reads the 'h' attribute that <c>&lt;a/&gt;</c> and <c>&lt;resumed/&gt;</c> must carry (XEP-0198 §4, §5).</summary>
    /// <exception cref="XmppProtocolException">It is missing, or not an unsigned 32-bit integer.</exception>
    public static uint ReadRequiredH(XElement element) =>
        ReadH(element) ?? throw new XmppProtocolException($"The server sent <{element.Name.LocalName}/> without the stream management counter 'h'.", "undefined-condition");

    public static bool IsTrue(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is "true" or "1";

    /// <summary>The stanza error condition inside a <c>&lt;failed/&gt;</c>, if any.</summary>
    public static string? FailedCondition(XElement failed) =>
        failed.Elements().FirstOrDefault(e => e.Name.NamespaceName == Namespaces.Stanzas)?.Name.LocalName;

    private static string Format(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
