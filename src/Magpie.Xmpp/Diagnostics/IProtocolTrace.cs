namespace Magpie.Xmpp.Diagnostics;

/// <summary>Receives the raw XML of a session for an XML console or a log file. Calls may come from the
/// reading and the writing task at once; implementations must be thread-safe.</summary>
public interface IProtocolTrace
{
    /// <summary>What the client sent, already redacted of secrets.</summary>
    void Sent(string xml);

    /// <summary>A chunk of bytes as received from the server (chunks may split elements and characters).</summary>
    void Received(ReadOnlySpan<byte> data);
}
