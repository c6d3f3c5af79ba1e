using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;

namespace Magpie.Xmpp.Extensions.Register;

/// <summary>XEP-0077: what a server asks for to register: either plain fields (<c>username</c>,
/// <c>password</c>, <c>email</c>, …) or an XEP-0004 data form, which then takes precedence. Fill it with
/// <see cref="Set"/> (or the typed properties); it writes to whichever of the two the server used.</summary>
public sealed class RegistrationForm
{
    /// <summary>The namespace, <c>jabber:iq:register</c>.</summary>
    public const string Namespace = "jabber:iq:register";

    private static readonly XNamespace Ns = Namespace;

    // Children of the query that are not fields to fill in.
    private static readonly HashSet<string> NotFields = ["registered", "instructions", "remove", "key"];

    /// <summary>Instructions from the server (untrusted text), or null.</summary>
    public string? Instructions { get; set; }

    /// <summary>Whether the server says the account is already registered (the query has <c>&lt;registered/&gt;</c>).</summary>
    public bool IsRegistered { get; set; }

    /// <summary>The plain fields by name, in the server's order, with their current values (empty when unset).</summary>
    public OrderedDictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>The data form, when the server sent one; it is used instead of <see cref="Fields"/>.</summary>
    public DataForm? Form { get; set; }

    /// <summary>The <c>username</c> field.</summary>
    public string? Username
    {
        get => Get("username");
        set => Set("username", value ?? "");
    }

    /// <summary>The <c>password</c> field.</summary>
    public string? Password
    {
        get => Get("password");
        set => Set("password", value ?? "");
    }

    /// <summary>The <c>email</c> field.</summary>
    public string? Email
    {
        get => Get("email");
        set => Set("email", value ?? "");
    }

    /// <summary>A field's value from the form, or the plain fields; null when there is no such field.</summary>
    public string? Get(string name) =>
        Form is not null ? Form.GetField(name)?.Value : Fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>Sets a field in the form, or in the plain fields, adding it when missing.</summary>
    public void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Form is not null)
            Form.SetValues(name, value);
        else
            Fields[name] = value;
    }

    /// <summary>The names of fields that still need a value: the form's required fields, or, for plain
    /// fields, every one (XEP-0077 §3.1: all listed plain fields are required).</summary>
    public IReadOnlyList<string> GetMissingFields() => Form is not null
        ? Form.Validate().Select(f => f.Var ?? "").ToList()
        : Fields.Where(f => f.Value.Length == 0).Select(f => f.Key).ToList();

    /// <summary>Reads a <c>jabber:iq:register</c> query (as answered to a get). A data form that cannot be
    /// read is ignored and the plain fields are used.</summary>
    public static RegistrationForm Parse(XElement query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var form = new RegistrationForm
        {
            Instructions = (string?)query.Element(Ns + "instructions"),
            IsRegistered = query.Element(Ns + "registered") is not null,
            Form = DataForm.TryParse(query.Element(DataForm.ElementName)),
        };
        foreach (var field in query.Elements().Where(e => e.Name.Namespace == Ns && !NotFields.Contains(e.Name.LocalName)))
            form.Fields.TryAdd(field.Name.LocalName, field.Value);
        return form;
    }

    /// <summary>Builds the query that submits this form.</summary>
    public XElement ToSubmitElement()
    {
        if (Form is not null)
            return new XElement(Ns + "query", Form.CreateSubmit().ToElement());
        return new XElement(Ns + "query", Fields.Select(f => new XElement(Ns + f.Key, f.Value)));
    }
}
