using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.VCardTemp;

/// <summary>XEP-0054 vcard-temp: a simple model of the common fields. Every element it does not model
/// (PHOTO, ADR, N, …) is kept in <see cref="OtherElements"/> and written back unchanged, so setting a
/// vCard after editing one field does not erase the rest.</summary>
public sealed class VCard
{
    /// <summary>The namespace, <c>vcard-temp</c>.</summary>
    public const string Namespace = "vcard-temp";

    private static readonly XNamespace Ns = Namespace;

    /// <summary>The element name, <c>{vcard-temp}vCard</c>.</summary>
    public static XName ElementName { get; } = Ns + "vCard";

    /// <summary>FN: the formatted full name.</summary>
    public string? FullName { get; set; }

    /// <summary>NICKNAME.</summary>
    public string? Nickname { get; set; }

    /// <summary>BDAY as sent (ISO 8601 date, <c>YYYY-MM-DD</c>, by the spec; not checked).</summary>
    public string? Birthday { get; set; }

    /// <summary>URL: a home page.</summary>
    public string? Url { get; set; }

    /// <summary>NOTE: free text.</summary>
    public string? Note { get; set; }

    /// <summary>ORG/ORGNAME.</summary>
    public string? OrganizationName { get; set; }

    /// <summary>ORG/ORGUNIT, in order.</summary>
    public IList<string> OrganizationUnits { get; } = [];

    /// <summary>EMAIL entries (EMAIL/USERID plus flags).</summary>
    public IList<VCardEntry> Emails { get; } = [];

    /// <summary>TEL entries (TEL/NUMBER plus flags).</summary>
    public IList<VCardEntry> Telephones { get; } = [];

    /// <summary>Elements this model does not know, kept for the round trip.</summary>
    public IList<XElement> OtherElements { get; } = [];

    /// <summary>Whether nothing is set.</summary>
    public bool IsEmpty => FullName is null && Nickname is null && Birthday is null && Url is null && Note is null
        && OrganizationName is null && OrganizationUnits.Count == 0 && Emails.Count == 0 && Telephones.Count == 0 && OtherElements.Count == 0;

    /// <summary>Reads a <c>&lt;vCard xmlns='vcard-temp'/&gt;</c>. Entries without a value (an EMAIL with no
    /// USERID) are skipped; repeated single fields keep the first.</summary>
    /// <exception cref="ArgumentException">The element is not a vCard.</exception>
    public static VCard Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name != ElementName)
            throw new ArgumentException($"Not a vcard-temp vCard: <{element.Name.LocalName}>.", nameof(element));
        var card = new VCard();
        foreach (var child in element.Elements())
        {
            if (child.Name.Namespace != Ns || !card.TryRead(child))
                card.OtherElements.Add(new XElement(child));
        }
        return card;
    }

    /// <summary>Builds the vCard element.</summary>
    public XElement ToElement()
    {
        var e = new XElement(ElementName);
        AddText(e, "FN", FullName);
        AddText(e, "NICKNAME", Nickname);
        AddText(e, "BDAY", Birthday);
        AddText(e, "URL", Url);
        if (OrganizationName is not null || OrganizationUnits.Count > 0)
        {
            var org = new XElement(Ns + "ORG");
            AddText(org, "ORGNAME", OrganizationName ?? "");
            foreach (var unit in OrganizationUnits)
                org.Add(new XElement(Ns + "ORGUNIT", unit));
            e.Add(org);
        }
        foreach (var tel in Telephones)
            e.Add(new XElement(Ns + "TEL", tel.Types.Select(t => new XElement(Ns + t)), new XElement(Ns + "NUMBER", tel.Value)));
        foreach (var email in Emails)
            e.Add(new XElement(Ns + "EMAIL", email.Types.Select(t => new XElement(Ns + t)), new XElement(Ns + "USERID", email.Value)));
        AddText(e, "NOTE", Note);
        foreach (var other in OtherElements)
            e.Add(new XElement(other));
        return e;
    }

    private bool TryRead(XElement child)
    {
        switch (child.Name.LocalName)
        {
            case "FN" when FullName is null:
                FullName = child.Value;
                return true;
            case "NICKNAME" when Nickname is null:
                Nickname = child.Value;
                return true;
            case "BDAY" when Birthday is null:
                Birthday = child.Value;
                return true;
            case "URL" when Url is null:
                Url = child.Value;
                return true;
            case "NOTE" when Note is null:
                Note = child.Value;
                return true;
            case "ORG" when OrganizationName is null && OrganizationUnits.Count == 0:
                OrganizationName = (string?)child.Element(Ns + "ORGNAME");
                foreach (var unit in child.Elements(Ns + "ORGUNIT"))
                    OrganizationUnits.Add(unit.Value);
                return true;
            case "EMAIL":
                return TryReadEntry(child, "USERID", Emails);
            case "TEL":
                return TryReadEntry(child, "NUMBER", Telephones);
            default:
                return false;
        }
    }

    private static bool TryReadEntry(XElement child, string valueName, IList<VCardEntry> target)
    {
        // Without a value the entry means nothing to us; keep it verbatim instead of dropping it.
        if (child.Element(Ns + valueName) is not { } value)
            return false;
        var types = child.Elements().Where(t => t.Name.Namespace == Ns && t.Name.LocalName != valueName && !t.HasElements).Select(t => t.Name.LocalName).ToList();
        target.Add(new VCardEntry(value.Value, types));
        return true;
    }

    private static void AddText(XElement parent, string name, string? value)
    {
        if (value is not null)
            parent.Add(new XElement(Ns + name, value));
    }
}
