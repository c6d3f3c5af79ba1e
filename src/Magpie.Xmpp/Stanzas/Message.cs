using System.Xml.Linq;

namespace Magpie.Xmpp.Stanzas;

/// <summary>A <c>&lt;message/&gt;</c> stanza (RFC 6121 §5).</summary>
public sealed class Message : Stanza
{
    internal static readonly XName ElementName = XName.Get("message", Namespaces.Client);

    private static readonly XName BodyName = XName.Get("body", Namespaces.Client);
    private static readonly XName SubjectName = XName.Get("subject", Namespaces.Client);
    private static readonly XName ThreadName = XName.Get("thread", Namespaces.Client);
    private static readonly XName LangName = XNamespace.Xml + "lang";

    /// <summary>Wraps a received element.</summary>
    public Message(XElement element) : base(element)
    {
        if (element.Name != ElementName)
            throw new ArgumentException("Not a <message/> in jabber:client.", nameof(element));
    }

    /// <summary>Creates an empty message.</summary>
    public Message() : base(NewElement("message")) { }

    /// <summary>Creates a message to <paramref name="to"/> with a body.</summary>
    public Message(Jid to, string? body, MessageType type = MessageType.Chat) : this()
    {
        To = to;
        Type = type;
        Body = body;
    }

    /// <summary>The message type; an absent or unknown type reads as <see cref="MessageType.Normal"/>.</summary>
    public MessageType Type
    {
        get => TypeAttribute switch
        {
            "chat" => MessageType.Chat,
            "groupchat" => MessageType.Groupchat,
            "headline" => MessageType.Headline,
            "error" => MessageType.Error,
            _ => MessageType.Normal,
        };
        set => TypeAttribute = value == MessageType.Normal ? null : value.ToString().ToLowerInvariant();
    }

    /// <summary>The body (the first one without a language of its own), or null.</summary>
    public string? Body
    {
        get
        {
            XElement? first = null;
            foreach (var body in Element.Elements(BodyName))
            {
                if (body.Attribute(LangName) is null)
                    return body.Value;
                first ??= body;
            }
            return first?.Value;
        }
        set => SetText(BodyName, value);
    }

    /// <summary>The subject, or null.</summary>
    public string? Subject
    {
        get => (string?)Element.Element(SubjectName);
        set => SetText(SubjectName, value);
    }

    /// <summary>The thread id, or null.</summary>
    public string? Thread
    {
        get => (string?)Element.Element(ThreadName);
        set => SetText(ThreadName, value);
    }

    private void SetText(XName name, string? value)
    {
        ThrowIfReadOnly();
        Element.Elements(name).Remove();
        if (value is not null)
            Element.Add(new XElement(name, value));
    }
}
