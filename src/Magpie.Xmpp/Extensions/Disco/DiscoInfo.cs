using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;

namespace Magpie.Xmpp.Extensions.Disco;

/// <summary>XEP-0030 disco#info answer: identities and features, with XEP-0128 extended information
/// (data forms keyed by their FORM_TYPE).</summary>
public sealed class DiscoInfo
{
    /// <summary>The namespace, <c>http://jabber.org/protocol/disco#info</c>.</summary>
    public const string Namespace = "http://jabber.org/protocol/disco#info";

    private static readonly XNamespace Ns = Namespace;

    /// <summary>The node the answer is about, or null.</summary>
    public string? Node { get; set; }

    /// <summary>The identities.</summary>
    public IList<DiscoIdentity> Identities { get; } = [];

    /// <summary>The features (namespaces and feature strings).</summary>
    public IList<string> Features { get; } = [];

    /// <summary>XEP-0128 extended information: result data forms.</summary>
    public IList<DataForm> Extensions { get; } = [];

    /// <summary>Whether the entity advertises <paramref name="feature"/>.</summary>
    public bool HasFeature(string feature) => Features.Contains(feature);

    /// <summary>The extended-information form with the given FORM_TYPE, or null.</summary>
    public DataForm? GetExtension(string formType) => Extensions.FirstOrDefault(f => f.FormType == formType);

    /// <summary>Reads a <c>&lt;query xmlns='…disco#info'/&gt;</c>. Identities without category or type,
    /// features without a name and invalid forms are skipped: one bad entry must not hide the rest.</summary>
    /// <exception cref="ArgumentException">The element is not a disco#info query.</exception>
    public static DiscoInfo Parse(XElement query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Name != Ns + "query")
            throw new ArgumentException($"Not a disco#info query: <{query.Name.LocalName}>.", nameof(query));
        var info = new DiscoInfo { Node = (string?)query.Attribute("node") };
        foreach (var identity in query.Elements(Ns + "identity"))
        {
            var category = (string?)identity.Attribute("category");
            var type = (string?)identity.Attribute("type");
            if (category is null || type is null)
                continue;
            info.Identities.Add(new DiscoIdentity(category, type, (string?)identity.Attribute("name"), (string?)identity.Attribute(XNamespace.Xml + "lang")));
        }
        foreach (var feature in query.Elements(Ns + "feature"))
        {
            if ((string?)feature.Attribute("var") is { Length: > 0 } var && !info.Features.Contains(var))
                info.Features.Add(var);
        }
        foreach (var x in query.Elements(DataForm.ElementName))
        {
            if (DataForm.TryParse(x) is { } form)
                info.Extensions.Add(form);
        }
        return info;
    }

    /// <summary>Builds the query element.</summary>
    public XElement ToElement()
    {
        var query = new XElement(Ns + "query");
        if (Node is not null)
            query.SetAttributeValue("node", Node);
        foreach (var identity in Identities)
        {
            var e = new XElement(Ns + "identity", new XAttribute("category", identity.Category), new XAttribute("type", identity.Type));
            if (identity.Name is not null)
                e.SetAttributeValue("name", identity.Name);
            if (identity.Language is not null)
                e.SetAttributeValue(XNamespace.Xml + "lang", identity.Language);
            query.Add(e);
        }
        foreach (var feature in Features)
            query.Add(new XElement(Ns + "feature", new XAttribute("var", feature)));
        foreach (var form in Extensions)
            query.Add(form.ToElement());
        return query;
    }
}
