using System.Text;
using System.Xml.Linq;

namespace Magpie.Fuzz.Targets;

/// <summary>Turns fuzzer bytes into elements the way the library receives them: inside a stream, through the real
/// stream reader (so with its restrictions: no DTD, no entities, no comments).</summary>
internal static class Xml
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes(
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
    private static readonly byte[] Footer = Encoding.UTF8.GetBytes("</stream:stream>");

    /// <summary>The elements in <paramref name="fragment"/> (top-level, up to the first error).</summary>
    public static List<XElement> Elements(ReadOnlySpan<byte> fragment) =>
        StreamTarget.Read([.. Header, .. fragment, .. Footer], 0, null);
}
