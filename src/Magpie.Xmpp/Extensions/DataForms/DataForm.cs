using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004 Data Forms: a form (<c>&lt;x xmlns='jabber:x:data'/&gt;</c>) to fill in, a submitted one, a
/// cancellation, or a result, possibly a table (<see cref="Reported"/> and <see cref="Items"/>).</summary>
public sealed class DataForm
{
    /// <summary>The namespace, <c>jabber:x:data</c>.</summary>
    public const string Namespace = "jabber:x:data";

    /// <summary>The name of the hidden field that says what kind of form this is (XEP-0068).</summary>
    public const string FormTypeVar = "FORM_TYPE";

    private static readonly XNamespace Ns = Namespace;

    /// <summary>The element name, <c>{jabber:x:data}x</c>.</summary>
    public static XName ElementName { get; } = Ns + "x";

    /// <summary>Creates an empty form of a type.</summary>
    public DataForm(DataFormType type)
    {
        Type = type;
    }

    /// <summary>Form, submit, cancel or result.</summary>
    public DataFormType Type { get; set; }

    /// <summary>A title to show, or null.</summary>
    public string? Title { get; set; }

    /// <summary>Instructions, one entry per <c>&lt;instructions/&gt;</c> element.</summary>
    public IList<string> Instructions { get; } = [];

    /// <summary>The fields, in order.</summary>
    public IList<FormField> Fields { get; } = [];

    /// <summary>The column headers of a table result, or null when this is not a table.</summary>
    public IList<FormField>? Reported { get; set; }

    /// <summary>The rows of a table result: each is a list of fields whose <c>var</c> matches a reported field.</summary>
    public IList<IList<FormField>> Items { get; } = [];

    /// <summary>The value of the hidden <c>FORM_TYPE</c> field, or null. Setting adds or replaces it.</summary>
    public string? FormType
    {
        get => GetField(FormTypeVar)?.Value;
        set
        {
            var existing = GetField(FormTypeVar);
            if (value is null)
            {
                if (existing is not null)
                    Fields.Remove(existing);
                return;
            }
            if (existing is null)
            {
                existing = new FormField(FormTypeVar, FormFieldType.Hidden);
                Fields.Insert(0, existing);
            }
            existing.Value = value;
        }
    }

    /// <summary>The field with the given name, or null.</summary>
    public FormField? GetField(string var) => Fields.FirstOrDefault(f => f.Var == var);

    /// <summary>Sets a field's values, adding the field (without a type) when the form has none by that name.</summary>
    public FormField SetValues(string var, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(var);
        var field = GetField(var);
        if (field is null)
        {
            field = new FormField(var);
            Fields.Add(field);
        }
        field.Values.Clear();
        foreach (var value in values)
            field.Values.Add(value);
        return field;
    }

    /// <summary>The required fields that have no value: empty when the form may be submitted.</summary>
    public IReadOnlyList<FormField> Validate() =>
        Fields.Where(f => f.Required && f.Type != FormFieldType.Fixed && !f.HasValue).ToList();

    /// <summary>Builds the submit form answering this one: every named field but fixed ones, with its
    /// current (default) values, then <paramref name="values"/> applied on top.</summary>
    /// <param name="values">Values by field name; a name the form lacks is added.</param>
    public DataForm CreateSubmit(IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        var submit = new DataForm(DataFormType.Submit);
        foreach (var field in Fields)
        {
            if (field.Var is null || field.Type == FormFieldType.Fixed)
                continue;
            // Keep the type: servers use it to read booleans and multi-value fields correctly.
            var copy = new FormField(field.Var, field.Type) { Required = field.Required };
            foreach (var value in field.Values)
                copy.Values.Add(value);
            submit.Fields.Add(copy);
        }
        if (values is not null)
        {
            foreach (var (var, value) in values)
                submit.SetValues(var, value);
        }
        return submit;
    }

    /// <summary>Reads an <c>&lt;x xmlns='jabber:x:data'/&gt;</c> element.</summary>
    /// <exception cref="DataFormException">Not a data form, or its type is missing or unknown.</exception>
    public static DataForm Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name != ElementName)
            throw new DataFormException($"Expected a data form, got <{element.Name.LocalName}> in '{element.Name.NamespaceName}'.");
        var typeText = (string?)element.Attribute("type");
        var type = typeText switch
        {
            "form" => DataFormType.Form,
            "submit" => DataFormType.Submit,
            "cancel" => DataFormType.Cancel,
            "result" => DataFormType.Result,
            null => throw new DataFormException("The data form has no type."),
            _ => throw new DataFormException($"The data form has an unknown type '{typeText}'."),
        };
        var form = new DataForm(type) { Title = (string?)element.Element(Ns + "title") };
        foreach (var instructions in element.Elements(Ns + "instructions"))
            form.Instructions.Add(instructions.Value);
        foreach (var field in element.Elements(Ns + "field"))
            form.Fields.Add(FormField.Parse(field));
        if (element.Element(Ns + "reported") is { } reported)
            form.Reported = reported.Elements(Ns + "field").Select(FormField.Parse).ToList();
        foreach (var item in element.Elements(Ns + "item"))
            form.Items.Add(item.Elements(Ns + "field").Select(FormField.Parse).ToList());
        return form;
    }

    /// <summary>Reads a data form, or returns null when the element is not a valid one.</summary>
    public static DataForm? TryParse(XElement? element)
    {
        if (element is null)
            return null;
        try
        {
            return Parse(element);
        }
        catch (DataFormException)
        {
            return null;
        }
    }

    /// <summary>Builds the <c>&lt;x/&gt;</c> element.</summary>
    public XElement ToElement()
    {
        var e = new XElement(ElementName, new XAttribute("type", Type.ToString().ToLowerInvariant()));
        if (Title is not null)
            e.Add(new XElement(Ns + "title", Title));
        foreach (var instructions in Instructions)
            e.Add(new XElement(Ns + "instructions", instructions));
        // The schema's order: fields, then the table.
        foreach (var field in Fields)
            e.Add(field.ToElement());
        if (Reported is not null)
            e.Add(new XElement(Ns + "reported", Reported.Select(f => f.ToElement())));
        foreach (var item in Items)
            e.Add(new XElement(Ns + "item", item.Select(f => f.ToElement())));
        return e;
    }
}
