using System.Text;
using System.Xml.Linq;

namespace Magpie.Xmpp.Testing;

/// <summary>Compares XMPP XML by structure, not bytes: names, attributes (as a set, namespace declarations
/// ignored), child order and text. Expected values may be <c>{name}</c> placeholders that bind to what was
/// actually sent, or <c>{*}</c> to accept anything.</summary>
public static class XmlAssert
{
    private const string StreamContext = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    /// <summary>Parses an item as it would appear inside a client stream.</summary>
    public static XElement ParseInStream(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("<stream:stream", StringComparison.Ordinal))
            return XElement.Parse(trimmed + "</stream:stream>");
        var root = XElement.Parse(StreamContext + trimmed + "</stream:stream>");
        return root.Elements().Single();
    }

    /// <summary>Returns null when equal, else a description of the first difference.</summary>
    public static string? Compare(XElement expected, XElement actual, IDictionary<string, string> bindings, bool headerOnly = false)
    {
        var path = new StringBuilder("/");
        return CompareElement(expected, actual, bindings, path, headerOnly);
    }

    private static string? CompareElement(XElement expected, XElement actual, IDictionary<string, string> bindings, StringBuilder path, bool headerOnly)
    {
        path.Append(expected.Name.LocalName);
        if (expected.Name != actual.Name)
            return $"{path}: expected element {expected.Name}, got {actual.Name}";
        var expectedAttributes = expected.Attributes().Where(a => !a.IsNamespaceDeclaration).ToDictionary(a => a.Name, a => a.Value);
        var actualAttributes = actual.Attributes().Where(a => !a.IsNamespaceDeclaration).ToDictionary(a => a.Name, a => a.Value);
        foreach (var (name, value) in expectedAttributes)
        {
            if (!actualAttributes.TryGetValue(name, out var actualValue))
                return $"{path}: attribute {name} missing";
            if (MatchValue(value, actualValue, bindings) is { } why)
                return $"{path}/@{name}: {why}";
        }
        foreach (var name in actualAttributes.Keys)
        {
            if (!expectedAttributes.ContainsKey(name))
                return $"{path}: unexpected attribute {name}='{actualAttributes[name]}'";
        }
        if (headerOnly)
            return null;
        // <x>{*}</x> accepts any content, children included.
        if (!expected.HasElements && expected.Value == "{*}")
            return null;
        var expectedChildren = expected.Elements().ToList();
        var actualChildren = actual.Elements().ToList();
        if (expectedChildren.Count != actualChildren.Count)
            return $"{path}: expected {expectedChildren.Count} child elements, got {actualChildren.Count}";
        var expectedText = DirectText(expected);
        var actualText = DirectText(actual);
        if (MatchValue(expectedText, actualText, bindings) is { } textWhy)
            return $"{path}/text(): {textWhy}";
        for (var i = 0; i < expectedChildren.Count; i++)
        {
            var length = path.Length;
            path.Append('/');
            if (CompareElement(expectedChildren[i], actualChildren[i], bindings, path, false) is { } why)
                return why;
            path.Length = length;
        }
        return null;
    }

    private static string DirectText(XElement e)
    {
        var text = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value));
        // Whitespace between child elements is formatting in transcripts, not content.
        return e.HasElements && text.Trim().Length == 0 ? "" : text;
    }

    private static string? MatchValue(string expected, string actual, IDictionary<string, string> bindings)
    {
        // A redacted secret in a recorded trace matches whatever the client sends there.
        if (expected is "{*}" or Magpie.Xmpp.Diagnostics.SecretRedactor.Placeholder)
            return null;
        if (!expected.Contains('{', StringComparison.Ordinal))
            return expected == actual ? null : $"expected '{expected}', got '{actual}'";
        // Placeholders may stand for a whole value or part of one ("node#{ver}"): build a pattern where
        // bound names are literals and unbound ones capture.
        var pattern = new System.Text.StringBuilder("^");
        var names = new List<string>();
        foreach (System.Text.RegularExpressions.Match token in System.Text.RegularExpressions.Regex.Matches(expected, @"\{([A-Za-z0-9_*]+)\}|[^{]+|\{"))
        {
            var name = token.Groups[1].Success ? token.Groups[1].Value : null;
            if (name is null)
                pattern.Append(System.Text.RegularExpressions.Regex.Escape(token.Value));
            else if (name == "*")
                pattern.Append("(?s:.*?)");
            else if (bindings.TryGetValue(name, out var bound))
                pattern.Append(System.Text.RegularExpressions.Regex.Escape(bound));
            else if (names.Contains(name))
                pattern.Append("\\k<").Append(name).Append('>');
            else
            {
                names.Add(name);
                pattern.Append("(?<").Append(name).Append(">(?s:.*?))");
            }
        }
        pattern.Append('$');
        var match = System.Text.RegularExpressions.Regex.Match(actual, pattern.ToString());
        if (!match.Success)
            return $"expected '{expected}' (with {string.Join(", ", bindings.Select(b => $"{{{b.Key}}}={b.Value}"))}), got '{actual}'";
        foreach (var name in names)
            bindings[name] = match.Groups[name].Value;
        return null;
    }
}
