using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Jingle;

/// <summary>The namespaces of Jingle (XEP-0166) and of the file-transfer specifications built on it.</summary>
public static class JingleNamespaces
{
    /// <summary>XEP-0166 Jingle, <c>urn:xmpp:jingle:1</c>.</summary>
    public const string Jingle = "urn:xmpp:jingle:1";

    /// <summary>XEP-0166 application error conditions, <c>urn:xmpp:jingle:errors:1</c>.</summary>
    public const string Errors = "urn:xmpp:jingle:errors:1";

    /// <summary>XEP-0234 Jingle File Transfer, <c>urn:xmpp:jingle:apps:file-transfer:5</c>.</summary>
    public const string FileTransfer = "urn:xmpp:jingle:apps:file-transfer:5";

    /// <summary>XEP-0261 Jingle In-Band Bytestreams transport, <c>urn:xmpp:jingle:transports:ibb:1</c>.</summary>
    public const string IbbTransport = "urn:xmpp:jingle:transports:ibb:1";

    /// <summary>XEP-0260 Jingle SOCKS5 Bytestreams transport, <c>urn:xmpp:jingle:transports:s5b:1</c>.</summary>
    public const string S5bTransport = "urn:xmpp:jingle:transports:s5b:1";

    /// <summary>XEP-0300 hashes, <c>urn:xmpp:hashes:2</c>.</summary>
    public const string Hashes = "urn:xmpp:hashes:2";

    /// <summary>The XEP-0300 feature for SHA-256, <c>urn:xmpp:hash-function-text-names:sha-256</c>.</summary>
    public const string Sha256Feature = "urn:xmpp:hash-function-text-names:sha-256";

    internal static readonly XNamespace JingleNs = Jingle;
    internal static readonly XNamespace ErrorsNs = Errors;
    internal static readonly XNamespace FileTransferNs = FileTransfer;
    internal static readonly XNamespace IbbTransportNs = IbbTransport;
    internal static readonly XNamespace S5bTransportNs = S5bTransport;
    internal static readonly XNamespace HashesNs = Hashes;
}
