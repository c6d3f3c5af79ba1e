using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004: one field of a data form.</summary>
public sealed class FormField
{
    private static readonly XNamespace Ns = DataForm.Namespace;

    /// <summary>Creates a field.</summary>
    /// <param name="var">The field's name; null only for <see cref="FormFieldType.Fixed"/> fields.</param>
    /// <param name="type">The field type, or null to leave it out (allowed in submitted forms).</param>
    public FormField(string? var, FormFieldType? type = null)
    {
        Var = var;
        Type = type;
    }

    /// <summary>The field's name (<c>var</c>); null for fixed fields.</summary>
    public string? Var { get; set; }

    /// <summary>The field type, or null when the form did not say (which means text-single).</summary>
    public FormFieldType? Type { get; set; }

    /// <summary>A label to show.</summary>
    public string? Label { get; set; }

    /// <summary>A longer description (<c>desc</c>), e.g. for a tooltip.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the form cannot be submitted without a value here.</summary>
    public bool Required { get; set; }

    /// <summary>The values, in order (one for single-value fields).</summary>
    public IList<string> Values { get; } = [];

    /// <summary>The choices of a list field.</summary>
    public IList<FormOption> Options { get; } = [];

    /// <summary>The first value, or null; setting replaces all values (null clears them).</summary>
    public string? Value
    {
        get => Values.Count > 0 ? Values[0] : null;
        set
        {
            Values.Clear();
            if (value is not null)
                Values.Add(value);
        }
    }

    /// <summary>The value read as an XEP-0004 boolean (<c>1</c>/<c>true</c>); false when absent or anything else.</summary>
    public bool BooleanValue
    {
        get => Value is "1" or "true";
        set => Value = value ? "1" : "0";
    }

    /// <summary>Whether the field has at least one value that is not empty.</summary>
    public bool HasValue => Values.Any(v => v.Length > 0);

    /// <summary>Reads a <c>&lt;field/&gt;</c> element. An unknown type reads as text-single.</summary>
    public static FormField Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var typeText = (string?)element.Attribute("type");
        var field = new FormField((string?)element.Attribute("var"), typeText is null ? null : ParseType(typeText))
        {
            Label = (string?)element.Attribute("label"),
            Description = (string?)element.Element(Ns + "desc"),
            Required = element.Element(Ns + "required") is not null,
        };
        foreach (var value in element.Elements(Ns + "value"))
            field.Values.Add(value.Value);
        foreach (var option in element.Elements(Ns + "option"))
        {
            // An option without a value is meaningless: skip it rather than fail the whole form.
            if (option.Element(Ns + "value") is { } v)
                field.Options.Add(new FormOption(v.Value, (string?)option.Attribute("label")));
        }
        return field;
    }

    /// <summary>Builds the <c>&lt;field/&gt;</c> element.</summary>
    public XElement ToElement()
    {
        var e = new XElement(Ns + "field");
        if (Var is not null)
            e.SetAttributeValue("var", Var);
        if (Type is { } type)
            e.SetAttributeValue("type", TypeToString(type));
        if (Label is not null)
            e.SetAttributeValue("label", Label);
        if (Description is not null)
            e.Add(new XElement(Ns + "desc", Description));
        if (Required)
            e.Add(new XElement(Ns + "required"));
        foreach (var value in Values)
            e.Add(new XElement(Ns + "value", value));
        foreach (var option in Options)
        {
            var o = new XElement(Ns + "option", new XElement(Ns + "value", option.Value));
            if (option.Label is not null)
                o.SetAttributeValue("label", option.Label);
            e.Add(o);
        }
        return e;
    }

    /// <summary>A deep copy.</summary>
    public FormField Clone() => Parse(ToElement());

    internal static FormFieldType ParseType(string text) => text switch
    {
        "boolean" => FormFieldType.Boolean,
        "fixed" => FormFieldType.Fixed,
        "hidden" => FormFieldType.Hidden,
        "jid-multi" => FormFieldType.JidMulti,
        "jid-single" => FormFieldType.JidSingle,
        "list-multi" => FormFieldType.ListMulti,
        "list-single" => FormFieldType.ListSingle,
        "text-multi" => FormFieldType.TextMulti,
        "text-private" => FormFieldType.TextPrivate,
        // XEP-0004 §3.3: an unknown type is treated as text-single.
        _ => FormFieldType.TextSingle,
    };

    internal static string TypeToString(FormFieldType type) => type switch
    {
        FormFieldType.Boolean => "boolean",
        FormFieldType.Fixed => "fixed",
        FormFieldType.Hidden => "hidden",
        FormFieldType.JidMulti => "jid-multi",
        FormFieldType.JidSingle => "jid-single",
        FormFieldType.ListMulti => "list-multi",
        FormFieldType.ListSingle => "list-single",
        FormFieldType.TextMulti => "text-multi",
        FormFieldType.TextPrivate => "text-private",
        _ => "text-single",
    };
}
