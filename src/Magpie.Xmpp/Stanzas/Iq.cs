using System.Xml.Linq;

namespace Magpie.Xmpp.Stanzas;

/// <summary>An <c>&lt;iq/&gt;</c> stanza: a request (get/set) or its answer (result/error).</summary>
public sealed class Iq : Stanza
{
    internal static readonly XName ElementName = XName.Get("iq", Namespaces.Client);
    private static readonly XName ErrorName = XName.Get("error", Namespaces.Client);

    /// <summary>Wraps a received element.</summary>
    public Iq(XElement element) : base(element)
    {
        if (element.Name != ElementName)
            throw new ArgumentException("Not an <iq/> in jabber:client.", nameof(element));
    }

    /// <summary>Creates a request with a payload.</summary>
    public Iq(IqType type, XElement? payload = null, Jid? to = null) : base(NewElement("iq"))
    {
        Type = type;
        To = to;
        if (payload is not null)
            Element.Add(payload);
    }

    /// <summary>The IQ type. An invalid type reads as <see cref="IqType.Error"/>; the client answers such
    /// requests with <c>bad-request</c> (see <see cref="HasValidType"/>).</summary>
    public IqType Type
    {
        get => TypeAttribute switch
        {
            "get" => IqType.Get,
            "set" => IqType.Set,
            "result" => IqType.Result,
            _ => IqType.Error,
        };
        set => TypeAttribute = value.ToString().ToLowerInvariant();
    }

    /// <summary>Whether the type attribute is one of the four RFC 6120 values.</summary>
    public bool HasValidType => TypeAttribute is "get" or "set" or "result" or "error";

    /// <summary>Whether this is a request (get or set).</summary>
    public bool IsRequest => TypeAttribute is "get" or "set";

    /// <summary>The first child that is not an <c>&lt;error/&gt;</c>: the request or result payload.</summary>
    public XElement? Payload
    {
        get
        {
            foreach (var child in Element.Elements())
            {
                if (child.Name != ErrorName)
                    return child;
            }
            return null;
        }
    }

    /// <summary>Builds the result answering this request, optionally with a payload.</summary>
    public Iq CreateResult(XElement? payload = null)
    {
        var result = new Iq(IqType.Result, payload) { Id = Id };
        if (From is { } from)
            result.To = from;
        return result;
    }

    /// <summary>Builds an error answering this request. The request's payload is not echoed back.</summary>
    public Iq CreateError(StanzaError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reply = new Iq(IqType.Error) { Id = Id };
        if (From is { } from)
            reply.To = from;
        reply.Element.Add(error.ToElement());
        return reply;
    }
}
