using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.MessageCorrection;

/// <summary>XEP-0308 Last Message Correction: marks a message as replacing an earlier one.</summary>
public static class Correction
{
    /// <summary>The XEP-0308 namespace, <c>urn:xmpp:message-correct:0</c>.</summary>
    public const string Namespace = "urn:xmpp:message-correct:0";

    internal static readonly XName ReplaceName = XName.Get("replace", Namespace);

    /// <summary>Makes <paramref name="message"/> a correction of the message whose id was
    /// <paramref name="replaceId"/> (the original's <c>id</c> attribute, §4). The corrected message keeps
    /// an id of its own.</summary>
    public static void Apply(Message message, string replaceId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(replaceId);
        message.Element.Elements(ReplaceName).Remove();
        message.Element.Add(new XElement(ReplaceName, new XAttribute("id", replaceId)));
    }

    /// <summary>The id of the message this one corrects, or null.</summary>
    public static string? GetReplaceId(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = (string?)message.GetChild(ReplaceName)?.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : id;
    }
}
