using System.Security.Cryptography;
using System.Text;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Disco;

namespace Magpie.Xmpp.Extensions.Capabilities;

/// <summary>XEP-0115 §5.1: the verification string of a disco#info result and its hash.</summary>
public static class CapabilitiesHash
{
    /// <summary>The <c>ver</c> value for <paramref name="info"/> with SHA-1 (the only hash servers and
    /// clients use in practice), or null when the info breaks §5.4's rules (duplicate identities or
    /// features, two forms with one FORM_TYPE, a FORM_TYPE that is not hidden) and must not be cached.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "XEP-0115 mandates SHA-1 for interoperability; the value is a cache key verified against the answer, not a security boundary.")]
    public static string? Compute(DiscoInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var s = BuildVerificationString(info);
        return s is null ? null : Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s)));
    }

    /// <summary>The string that is hashed; null when the info is not well-formed per §5.4.</summary>
    public static string? BuildVerificationString(DiscoInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var identities = info.Identities.Select(i => $"{i.Category}/{i.Type}/{i.Language}/{i.Name}").ToList();
        if (identities.Distinct(StringComparer.Ordinal).Count() != identities.Count)
            return null;
        if (info.Features.Distinct(StringComparer.Ordinal).Count() != info.Features.Count)
            return null;
        var sb = new StringBuilder();
        foreach (var identity in identities.Order(Utf8Order.Instance))
            sb.Append(identity).Append('<');
        foreach (var feature in info.Features.Order(Utf8Order.Instance))
            sb.Append(feature).Append('<');

        var forms = new List<(string FormType, DataForm Form)>();
        foreach (var form in info.Extensions)
        {
            var formTypeField = form.GetField(DataForm.FormTypeVar);
            if (formTypeField is null)
                continue; // §5.4: forms without FORM_TYPE are ignored
            if (formTypeField.Type is not FormFieldType.Hidden || formTypeField.Values.Count != 1)
                return null;
            forms.Add((formTypeField.Values[0], form));
        }
        if (forms.Select(f => f.FormType).Distinct(StringComparer.Ordinal).Count() != forms.Count)
            return null;
        foreach (var (formType, form) in forms.OrderBy(f => f.FormType, Utf8Order.Instance))
        {
            sb.Append(formType).Append('<');
            foreach (var field in form.Fields.Where(f => f.Var is not null && f.Var != DataForm.FormTypeVar).OrderBy(f => f.Var, Utf8Order.Instance))
            {
                sb.Append(field.Var).Append('<');
                foreach (var value in field.Values.Order(Utf8Order.Instance))
                    sb.Append(value).Append('<');
            }
        }
        return sb.ToString();
    }

    /// <summary>"i;octet" collation: compare the UTF-8 bytes, which differs from UTF-16 ordinal order for
    /// characters above the BMP.</summary>
    private sealed class Utf8Order : IComparer<string?>
    {
        public static Utf8Order Instance { get; } = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }
}
