using System.Globalization;
using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Rsm;

/// <summary>XEP-0059 Result Set Management: what a requester asks for, i.e. a page size and where the page
/// starts. <see cref="After"/> pages forwards; <see cref="Before"/> pages backwards, and an empty
/// <see cref="Before"/> asks for the last page (§2.5).</summary>
public sealed record ResultSetRequest
{
    /// <summary>The most items wanted in the page (<c>&lt;max/&gt;</c>); null leaves it to the responder.</summary>
    public int? Max { get; init; }

    /// <summary>The page starts after the item with this id (<c>&lt;after/&gt;</c>).</summary>
    public string? After { get; init; }

    /// <summary>The page ends before the item with this id (<c>&lt;before/&gt;</c>); the empty string
    /// means "the last page".</summary>
    public string? Before { get; init; }

    /// <summary>Jump to the page starting at this index (<c>&lt;index/&gt;</c>, §2.6); not all responders support it.</summary>
    public int? Index { get; init; }

    /// <summary>Builds the <c>&lt;set/&gt;</c> element, children in the order of the XEP's schema.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Max"/> or <see cref="Index"/> is negative.</exception>
    public XElement ToElement()
    {
        if (Max is < 0)
            throw new ArgumentOutOfRangeException(nameof(Max), Max, "The page size cannot be negative.");
        if (Index is < 0)
            throw new ArgumentOutOfRangeException(nameof(Index), Index, "The index cannot be negative.");
        var ns = (XNamespace)ResultSetManagement.Namespace;
        var set = new XElement(ResultSetManagement.SetName);
        if (After is not null)
            set.Add(new XElement(ns + "after", After));
        if (Before is not null)
            set.Add(new XElement(ns + "before", Before));
        if (Index is { } index)
            set.Add(new XElement(ns + "index", index.ToString(CultureInfo.InvariantCulture)));
        if (Max is { } max)
            set.Add(new XElement(ns + "max", max.ToString(CultureInfo.InvariantCulture)));
        return set;
    }
}
