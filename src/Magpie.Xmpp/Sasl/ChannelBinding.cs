namespace Magpie.Xmpp.Sasl;

/// <summary>
/// Channel binding data taken from the TLS layer, used by the SCRAM <c>-PLUS</c> mechanisms
/// to tie authentication to this particular TLS connection (RFC 5929, RFC 9266).
/// </summary>
/// <param name="Type">The binding type, e.g. <see cref="TlsExporter"/>.</param>
/// <param name="Data">The raw binding bytes for <paramref name="Type"/>.</param>
public sealed record ChannelBinding(string Type, byte[] Data)
{
    /// <summary><c>tls-exporter</c> (RFC 9266), the binding to use with TLS 1.3.</summary>
    public const string TlsExporter = "tls-exporter";

    /// <summary><c>tls-unique</c> (RFC 5929), defined for TLS 1.2 and earlier only.</summary>
    public const string TlsUnique = "tls-unique";

    /// <summary><c>tls-server-end-point</c> (RFC 5929), a hash of the server certificate.</summary>
    public const string TlsServerEndPoint = "tls-server-end-point";
}
