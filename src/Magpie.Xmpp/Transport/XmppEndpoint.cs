namespace Magpie.Xmpp.Transport;

/// <summary>One place to try to connect to: a host, a port, and whether TLS starts at once (XEP-0368) or
/// after STARTTLS.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="DirectTls">True for direct TLS, false for STARTTLS.</param>
public sealed record XmppEndpoint(string Host, int Port, bool DirectTls)
{
    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port} ({(DirectTls ? "direct TLS" : "STARTTLS")})";
}
