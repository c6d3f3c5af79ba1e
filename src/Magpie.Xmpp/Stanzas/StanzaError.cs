using System.Xml.Linq;

namespace Magpie.Xmpp.Stanzas;

/// <summary>A stanza-level <c>&lt;error/&gt;</c> (RFC 6120 §8.3).</summary>
/// <param name="Type">What the receiver may do next.</param>
/// <param name="Condition">The defined condition's element name, e.g. <c>item-not-found</c>.</param>
/// <param name="Text">Optional human-readable text from the peer (untrusted: sanitise before display).</param>
public sealed record StanzaError(StanzaErrorType Type, string Condition, string? Text = null)
{
    /// <summary>Parses an <c>&lt;error/&gt;</c> element; a missing condition reads as <c>undefined-condition</c>.</summary>
    public static StanzaError Parse(XElement error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var type = (string?)error.Attribute("type") switch
        {
            "auth" => StanzaErrorType.Auth,
            "modify" => StanzaErrorType.Modify,
            "continue" => StanzaErrorType.Continue,
            "wait" => StanzaErrorType.Wait,
            _ => StanzaErrorType.Cancel,
        };
        XNamespace ns = Namespaces.Stanzas;
        var condition = error.Elements().FirstOrDefault(e => e.Name.Namespace == ns && e.Name.LocalName != "text")?.Name.LocalName
            ?? "undefined-condition";
        var text = (string?)error.Element(ns + "text");
        var application = error.Elements().FirstOrDefault(e => e.Name.Namespace != ns);
        return new StanzaError(type, condition, text) { ApplicationCondition = application is null ? null : new XElement(application) };
    }

    /// <summary>An application-specific condition next to the defined one (RFC 6120 §8.3.2), such as Jingle's
    /// <c>&lt;unknown-session xmlns='urn:xmpp:jingle:errors:1'/&gt;</c>; null when there is none.</summary>
    public XElement? ApplicationCondition { get; init; }

    /// <summary>Builds the <c>&lt;error/&gt;</c> element in <c>jabber:client</c>.</summary>
    public XElement ToElement()
    {
        XNamespace ns = Namespaces.Stanzas;
        var e = new XElement(XName.Get("error", Namespaces.Client),
            new XAttribute("type", Type.ToString().ToLowerInvariant()),
            new XElement(ns + Condition));
        if (Text is not null)
            e.Add(new XElement(ns + "text", Text));
        if (ApplicationCondition is not null)
            e.Add(new XElement(ApplicationCondition));
        return e;
    }

    /// <summary><c>service-unavailable</c>: what we answer to requests nobody handles.</summary>
    public static StanzaError ServiceUnavailable { get; } = new(StanzaErrorType.Cancel, "service-unavailable");

    /// <summary><c>bad-request</c>.</summary>
    public static StanzaError BadRequest { get; } = new(StanzaErrorType.Modify, "bad-request");

    /// <summary>The local error used when no answer came in time.</summary>
    public static StanzaError RemoteServerTimeout { get; } = new(StanzaErrorType.Wait, "remote-server-timeout", "No answer within the timeout.");
}
