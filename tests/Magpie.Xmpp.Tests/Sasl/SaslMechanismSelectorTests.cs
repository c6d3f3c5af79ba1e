using Magpie.Xmpp.Sasl;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslMechanismSelectorTests
{
    private static readonly SaslCredentials Creds = new("user", "pencil");

    private static readonly string[] All =
    [
        "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS",
    ];

    private static ChannelBinding? NoBinding(string type) => null;

    private static Func<string, ChannelBinding?> Bindings(params string[] available) =>
        type => available.Contains(type) ? new ChannelBinding(type, [1, 2, 3]) : null;

    [Fact]
    public void PicksStrongestPlus_WhenBindingAvailable()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(All, Creds, isTlsActive: true, Bindings(ChannelBinding.TlsExporter));

        Assert.Equal("SCRAM-SHA-512-PLUS", m?.Name);
    }

    [Fact]
    public void PicksStrongestNonPlus_WithoutBinding()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(All, Creds, isTlsActive: true, NoBinding);

        Assert.Equal("SCRAM-SHA-512", m?.Name);
        Assert.False(((SaslMechanismScram)m!).ClientSupportsChannelBinding);
    }

    [Fact]
    public void NeverPlus_WithoutTls()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(All, Creds, isTlsActive: false, Bindings(ChannelBinding.TlsExporter));

        Assert.Equal("SCRAM-SHA-512", m?.Name);
    }

    [Fact]
    public void PlusOfWeakerHash_BeatsNonPlusOfStrongerHash()
    {
        string[] offered = ["SCRAM-SHA-1-PLUS", "SCRAM-SHA-512"];

        SaslMechanism? m = SaslMechanismSelector.Select(offered, Creds, true, Bindings(ChannelBinding.TlsServerEndPoint));

        Assert.Equal("SCRAM-SHA-1-PLUS", m?.Name);
    }

    [Fact]
    public void PrefersTlsExporter_ThenTlsUnique_ThenServerEndPoint()
    {
        var asked = new List<string>();
        Func<string, ChannelBinding?> get = type =>
        {
            asked.Add(type);
            return type is ChannelBinding.TlsUnique or ChannelBinding.TlsServerEndPoint ? new ChannelBinding(type, [9]) : null;
        };

        SaslMechanism? m = SaslMechanismSelector.Select(["SCRAM-SHA-256-PLUS"], Creds, true, get);

        Assert.Equal([ChannelBinding.TlsExporter, ChannelBinding.TlsUnique], asked);
        Assert.StartsWith("p=tls-unique,,", ScramTestHelpers.Text(m!.GetInitialResponse()), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyBindingData_CountsAsNoBinding()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(
            ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], Creds, true, type => new ChannelBinding(type, []));

        Assert.Equal("SCRAM-SHA-256", m?.Name);
    }

    [Fact]
    public void Plain_OnlyWithTls()
    {
        Assert.Equal("PLAIN", SaslMechanismSelector.Select(["PLAIN"], Creds, true, NoBinding)?.Name);
        Assert.Null(SaslMechanismSelector.Select(["PLAIN"], Creds, false, NoBinding));
    }

    [Fact]
    public void ScramPreferredOverPlain()
    {
        Assert.Equal("SCRAM-SHA-1", SaslMechanismSelector.Select(["PLAIN", "SCRAM-SHA-1"], Creds, true, NoBinding)?.Name);
    }

    [Fact]
    public void AllowList_Filters()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(
            All, Creds, true, Bindings(ChannelBinding.TlsExporter), allowList: ["SCRAM-SHA-256", "PLAIN"]);

        Assert.Equal("SCRAM-SHA-256", m?.Name);
        // The server offered -PLUS; we declined by policy, so we must not claim it did not ("y").
        Assert.False(((SaslMechanismScram)m!).ClientSupportsChannelBinding);
    }

    [Fact]
    public void AllowList_CanForcePlain()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(All, Creds, true, NoBinding, allowList: ["PLAIN"]);

        Assert.IsType<SaslMechanismPlain>(m);
    }

    [Fact]
    public void BindingButNoPlusOffered_SetsClientSupportsChannelBinding()
    {
        SaslMechanism? m = SaslMechanismSelector.Select(["SCRAM-SHA-256"], Creds, true, Bindings(ChannelBinding.TlsExporter));

        var scram = Assert.IsAssignableFrom<SaslMechanismScram>(m);
        Assert.True(scram.ClientSupportsChannelBinding);
        Assert.StartsWith("y,,", ScramTestHelpers.Text(scram.GetInitialResponse()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("DIGEST-MD5 CRAM-MD5 X-OAUTH2")]
    [InlineData("SCRAM-SHA-256-PLUS")]
    public void ReturnsNull_WhenNothingAcceptable(string offered)
    {
        string[] names = offered.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Null(SaslMechanismSelector.Select(names, Creds, true, NoBinding));
    }

    [Fact]
    public void ReturnsNull_WhenAllowListExcludesEverythingOffered()
    {
        Assert.Null(SaslMechanismSelector.Select(["SCRAM-SHA-1"], Creds, true, NoBinding, allowList: ["SCRAM-SHA-256"]));
    }

    [Fact]
    public void ReturnsFreshInstances()
    {
        SaslMechanism? a = SaslMechanismSelector.Select(All, Creds, true, NoBinding);
        SaslMechanism? b = SaslMechanismSelector.Select(All, Creds, true, NoBinding);

        Assert.NotSame(a, b);
    }
}
