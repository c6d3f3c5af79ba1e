using System.Security.Authentication;

namespace Magpie.Xmpp.Transport;

/// <summary>What TLS gave us: the encrypted stream, the version, and a way to get channel-binding data.</summary>
/// <param name="Stream">The stream to use from now on.</param>
/// <param name="Protocol">The negotiated TLS version.</param>
/// <param name="CipherSuite">The negotiated cipher suite's name, for display.</param>
/// <param name="GetChannelBinding">Returns the binding data for a type (<c>tls-unique</c>,
/// <c>tls-server-end-point</c>, <c>tls-exporter</c>) or null if this TLS session cannot give it.</param>
public sealed record TlsSession(Stream Stream, SslProtocols Protocol, string CipherSuite, Func<string, byte[]?> GetChannelBinding);
