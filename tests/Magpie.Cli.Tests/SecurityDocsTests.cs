using System.Text.RegularExpressions;

namespace Magpie.Cli.Tests;

/// <summary>docs/security.md names the test that proves each defence: every test it names exists.</summary>
public sealed partial class SecurityDocsTests
{
    [Fact]
    public void Every_test_named_in_the_security_page_exists()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Magpie.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var docs = File.ReadAllText(Path.Combine(root, "docs", "security.md"));
        var sources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        var missing = new List<string>();
        var checkedNames = 0;
        foreach (var row in docs.Split('\n').Where(l => l.StartsWith('|') && l.Count(c => c == '|') >= 4))
        {
            var provenBy = row.TrimEnd().TrimEnd('|').Split('|')[^1];
            string? currentClass = null;
            foreach (Match m in TestName().Matches(provenBy))
            {
                var cls = m.Groups["class"].Success ? m.Groups["class"].Value : currentClass;
                currentClass = cls;
                var method = m.Groups["method"].Value;
                if (cls is null || !Regex.IsMatch(sources, $@"\bclass {cls}\b"))
                    missing.Add($"class {cls ?? "?"} (for {method})");
                else if (method != "*" && !Regex.IsMatch(sources, $@"\b{method}\s*\("))
                    missing.Add($"{cls}.{method}");
                checkedNames++;
            }
        }
        Assert.True(checkedNames > 50, $"only {checkedNames} test names found: has the page's format changed?");
        Assert.True(missing.Count == 0, "docs/security.md names tests that do not exist:\n" + string.Join('\n', missing));
    }

    // `Class.Method`, `.Method` (same class as before) or `Class.*`, each in backticks.
    [GeneratedRegex(@"`(?:(?<class>[A-Z][A-Za-z0-9]+))?\.(?<method>[A-Za-z_][A-Za-z0-9_]*|\*)`")]
    private static partial Regex TestName();
}
