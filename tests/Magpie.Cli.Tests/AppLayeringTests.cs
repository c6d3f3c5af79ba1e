using System.Text.RegularExpressions;

namespace Magpie.Cli.Tests;

/// <summary>The app reads protocols through the library's typed API only: it names no XML of the protocols
/// the library handles (namespaces, element names, System.Xml.Linq), so classification lives in one place.</summary>
public sealed partial class AppLayeringTests
{
    [Fact]
    public void The_app_names_no_xml_of_the_protocols_the_library_handles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Magpie.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var app = Path.Combine(root, "src", "Magpie.Cli");
        var offences = new List<string>();
        var files = 0;
        foreach (var file in Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            files++;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("//", StringComparison.Ordinal))
                    continue;
                if (XmlApi().IsMatch(line) || ProtocolNamespace().IsMatch(line)
                    || (ElementName().IsMatch(line) && !AllowedWord().IsMatch(line)))
                    offences.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {line}");
            }
        }
        Assert.True(files > 50, $"only {files} app sources found under {app}");
        Assert.True(offences.Count == 0, "The app names protocol XML (use the library's typed API instead):\n" + string.Join('\n', offences));
    }

    [Fact]
    public void The_check_catches_what_it_is_for()
    {
        Assert.Matches(XmlApi(), "private static readonly XName CarbonSentName = XName.Get(\"sent\", Carbons.Namespace);");
        Assert.Matches(XmlApi(), "if (message.HasChild(Name))");
        Assert.Matches(XmlApi(), "message.Element.Add(x);");
        Assert.Matches(ProtocolNamespace(), "var oob = \"jabber:x:oob\";");
        Assert.Matches(ProtocolNamespace(), "\"http://jabber.org/protocol/muc#user\"");
        Assert.Matches(ElementName(), "if (name == \"forwarded\")");
        Assert.DoesNotMatch(AllowedWord(), "if (name == \"delay\")");
        Assert.Matches(AllowedWord(), "w.WriteString(\"delay\", delay);");
    }

    /// <summary>System.Xml.Linq and the stanza's raw-XML accessors.</summary>
    [GeneratedRegex(@"\b(XName|XNamespace|XElement|XAttribute|XDocument)\b|System\.Xml|\.(HasChild|GetChild)\(|\.Element\.|\.Element\(")]
    private static partial Regex XmlApi();

    /// <summary>Namespaces of the protocols (XEPs, RFC 6120/6121) the library implements.</summary>
    [GeneratedRegex(@"urn:xmpp:|jabber:x:|jabber:iq:|jabber:client|http://jabber\.org/protocol/|urn:ietf:params:xml:ns:xmpp")]
    private static partial Regex ProtocolNamespace();

    /// <summary>Element names that classify messages (delays, carbons, forwarding, ids, corrections, receipts).</summary>
    [GeneratedRegex("\"(delay|received|sent|forwarded|origin-id|stanza-id|replace|result)\"")]
    private static partial Regex ElementName();

    /// <summary>The same words as JSON field names and the documented carbon words of the history (contracts).</summary>
    [GeneratedRegex(@"\.Write(String|Number|Boolean|Null|StartObject|StartArray)\(""|const string Carbon\w+ =")]
    private static partial Regex AllowedWord();
}
