using System.Globalization;
using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Rsm;

/// <summary>XEP-0059 Result Set Management: what a responder says about the page it returned: the ids of
/// its first and last items, the first item's index and the size of the whole result set. Any of them
/// may be missing (an empty page has no first or last; count and index are optional).</summary>
public sealed record ResultSetInfo
{
    /// <summary>An empty answer, for a response that carried no <c>&lt;set/&gt;</c>.</summary>
    public static ResultSetInfo Empty { get; } = new();

    /// <summary>The id of the page's first item (<c>&lt;first/&gt;</c>).</summary>
    public string? First { get; init; }

    /// <summary>The index of the page's first item in the whole set (<c>&lt;first index=''/&gt;</c>).</summary>
    public int? FirstIndex { get; init; }

    /// <summary>The id of the page's last item (<c>&lt;last/&gt;</c>): where the next page starts.</summary>
    public string? Last { get; init; }

    /// <summary>How many items the whole result set holds (<c>&lt;count/&gt;</c>), when the responder says.</summary>
    public int? Count { get; init; }

    /// <summary>Reads a <c>&lt;set/&gt;</c> element; null or a foreign element gives <see cref="Empty"/>.
    /// Numbers that do not parse are treated as absent rather than failing the whole answer.</summary>
    public static ResultSetInfo Parse(XElement? set)
    {
        if (set is null || set.Name != ResultSetManagement.SetName)
            return Empty;
        var ns = (XNamespace)ResultSetManagement.Namespace;
        var first = set.Element(ns + "first");
        return new ResultSetInfo
        {
            First = NullIfEmpty(first?.Value),
            FirstIndex = ParseCount((string?)first?.Attribute("index")),
            Last = NullIfEmpty(set.Element(ns + "last")?.Value),
            Count = ParseCount(set.Element(ns + "count")?.Value),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int? ParseCount(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
