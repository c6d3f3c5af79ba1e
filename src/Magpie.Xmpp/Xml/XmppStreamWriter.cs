using System.Buffers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Magpie.Xmpp.Xml;

/// <summary>
/// Turns stanzas into the bytes sent on the wire, always through <see cref="XmlWriter"/> so that the
/// output is well-formed, and refuses characters XML 1.0 forbids before a single byte is sent.
/// </summary>
public static class XmppStreamWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CheckCharacters = true,
        Indent = false,
        // Entitize, not None: the peer's parser turns a raw CR into LF, and raw tabs and line breaks in
        // attribute values into spaces, so they must go out as character references to arrive unchanged.
        NewLineHandling = NewLineHandling.Entitize,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
        ConformanceLevel = ConformanceLevel.Fragment,
        CloseOutput = false,
    };

    /// <summary>Serialises one element to UTF-8.</summary>
    /// <exception cref="XmlCharacterException">The element holds a character that XML 1.0 forbids (for example
    /// U+0000–U+0008, or an unpaired surrogate); nothing was written.</exception>
    public static byte[] Serialize(XElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serialises one element to UTF-8 into <paramref name="output"/>.</summary>
    /// <exception cref="XmlCharacterException">The element holds a character that XML 1.0 forbids; nothing usable was written.</exception>
    public static void Serialize(XElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (FindInvalid(element) is { } invalid)
            throw invalid;
        using var stream = new BufferWriterStream(output);
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            element.WriteTo(writer);
        }
    }

    /// <summary>The stream header we send: opened, never closed by this call.</summary>
    public static byte[] StreamHeader(string to, string? from, string lang = "en")
    {
        var sb = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='");
        sb.Append(EscapeAttribute(to)).Append('\'');
        if (from is not null)
            sb.Append(" from='").Append(EscapeAttribute(from)).Append('\'');
        sb.Append(" xml:lang='").Append(EscapeAttribute(lang)).Append("'>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The bytes that close our stream.</summary>
    public static ReadOnlyMemory<byte> StreamFooter { get; } = "</stream:stream>"u8.ToArray();

    /// <summary>Returns a description of the first character in the tree that XML 1.0 forbids, or null.</summary>
    public static string? FindInvalidCharacter(XElement element) => FindInvalid(element)?.Reason;

    private static XmlCharacterException? FindInvalid(XElement element)
    {
        foreach (var node in element.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case XText text when XmlChars.IndexOfInvalid(text.Value) is >= 0 and var i:
                    return new XmlCharacterException(text.Value[i], i, node.Parent?.Name.LocalName ?? "text", nameof(element));
                case XElement e:
                    foreach (var attribute in e.Attributes())
                    {
                        if (XmlChars.IndexOfInvalid(attribute.Value) is >= 0 and var j)
                            return new XmlCharacterException(attribute.Value[j], j, $"{e.Name.LocalName}/@{attribute.Name.LocalName}", nameof(element));
                    }
                    break;
            }
        }
        return null;
    }

    private static string EscapeAttribute(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal)
         .Replace("<", "&lt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Adapts an <see cref="IBufferWriter{T}"/> to the <see cref="Stream"/> that XmlWriter wants.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);
    }
}
