using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Magpie.Xmpp.PackageTests;

/// <summary>What a developer installing the packages gets besides the code: licence, readme, symbols.</summary>
public sealed class PackageContentsTests
{
    private static string Metadata(string key) =>
        typeof(PackageContentsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"{key} was not set at build time");

    [Theory]
    [InlineData("Magpie.Xmpp")]
    [InlineData("Magpie.Xmpp.Testing")]
    public void Each_package_has_a_licence_a_readme_a_description_and_a_symbol_package(string id)
    {
        var feed = Metadata("MagpieFeed");
        var version = Metadata("MagpiePackageVersion");
        var nupkg = Path.Combine(feed, $"{id}.{version}.nupkg");

        using var zip = ZipFile.OpenRead(nupkg);
        using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream).Root!;
        var metadata = nuspec.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Get(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("MIT", Get("license"));
        Assert.Equal("README.md", Get("readme"));
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.False(string.IsNullOrWhiteSpace(Get("description")));
        Assert.Contains("xmpp", Get("tags") ?? "", StringComparison.Ordinal);
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml")); // the XML docs, for IntelliSense

        using var symbols = ZipFile.OpenRead(Path.ChangeExtension(nupkg, ".snupkg"));
        Assert.NotNull(symbols.GetEntry($"lib/net10.0/{id}.pdb"));
    }
}
