namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>How a Jingle file transfer carries its bytes.</summary>
public enum FileTransport
{
    /// <summary>XEP-0261 / XEP-0047 in-band bytestreams: base64 in IQs through the servers; slow, always works.</summary>
    InBand,

    /// <summary>XEP-0260 / XEP-0065 SOCKS5 bytestreams: a direct TCP connection or one through the server's proxy,
    /// falling back to <see cref="InBand"/> when no candidate connects (XEP-0260 §4).</summary>
    Socks5,
}
