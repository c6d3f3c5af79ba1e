using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Jingle;

/// <summary>XEP-0166 §7.4: why a session ended (<c>&lt;reason/&gt;</c> of a session-terminate).</summary>
/// <param name="Condition">The condition's element name: <c>success</c>, <c>decline</c>, <c>cancel</c>,
/// <c>timeout</c>, <c>media-error</c>, <c>busy</c>, <c>failed-transport</c>, <c>general-error</c>…</param>
/// <param name="Text">Optional human-readable text (from a peer: untrusted, sanitise before display).</param>
public sealed record JingleReason(string Condition, string? Text = null)
{
    /// <summary>The conditions XEP-0166 defines; anything else from a peer reads as <c>general-error</c>.</summary>
    public static readonly IReadOnlySet<string> Conditions = new HashSet<string>(StringComparer.Ordinal)
    {
        "alternative-session", "busy", "cancel", "connectivity-error", "decline", "expired", "failed-application",
        "failed-transport", "general-error", "gone", "incompatible-parameters", "media-error", "security-error",
        "success", "timeout", "unsupported-applications", "unsupported-transports",
    };

    /// <summary>Reads a <c>&lt;reason/&gt;</c>; a missing or unknown condition reads as <c>general-error</c>,
    /// and text is cut at 1024 characters.</summary>
    public static JingleReason Parse(XElement? reason)
    {
        if (reason is null)
            return new JingleReason("general-error");
        var condition = reason.Elements().FirstOrDefault(e => e.Name.Namespace == JingleNamespaces.JingleNs && e.Name.LocalName != "text")?.Name.LocalName;
        var text = (string?)reason.Element(JingleNamespaces.JingleNs + "text");
        if (text is { Length: > 1024 })
            text = text[..1024];
        return new JingleReason(condition is not null && Conditions.Contains(condition) ? condition : "general-error", text);
    }

    /// <summary>Builds the <c>&lt;reason/&gt;</c> element.</summary>
    public XElement ToElement()
    {
        var e = new XElement(JingleNamespaces.JingleNs + "reason", new XElement(JingleNamespaces.JingleNs + Condition));
        if (!string.IsNullOrEmpty(Text))
            e.Add(new XElement(JingleNamespaces.JingleNs + "text", Text));
        return e;
    }

    /// <inheritdoc />
    public override string ToString() => Text is null ? Condition : $"{Condition}: {Text}";
}
