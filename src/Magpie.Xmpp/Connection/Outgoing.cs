using System.Xml.Linq;
using Magpie.Xmpp.StreamManagement;

namespace Magpie.Xmpp.Connection;

/// <summary>What an outgoing item is: stream management counts and keeps stanzas only, and only messages
/// are sent again on a new session when the old one could not be resumed.</summary>
internal enum OutgoingKind
{
    Nonza,
    Message,
    Stanza,
    Footer,
    /// <summary>An XEP-0198 ack or ack request: it belongs to the connection it was made on.</summary>
    StreamManagement,
}

/// <summary>One serialized item on its way out. <paramref name="Written"/> completes when its bytes reach
/// the network (null when nobody waits).</summary>
internal readonly record struct Outgoing(byte[] Bytes, OutgoingKind Kind, TaskCompletionSource? Written)
{
    public bool IsStanza => Kind is OutgoingKind.Message or OutgoingKind.Stanza;

    public static OutgoingKind KindOf(XElement element) =>
        element.Name.Namespace == StreamManagementNonzas.Ns ? OutgoingKind.StreamManagement
        : element.Name.NamespaceName != Namespaces.Client ? OutgoingKind.Nonza
        : element.Name.LocalName == "message" ? OutgoingKind.Message
        : element.Name.LocalName is "iq" or "presence" ? OutgoingKind.Stanza
        : OutgoingKind.Nonza;
}
