using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Rsm;

namespace Magpie.Xmpp.Tests.Extensions.Rsm;

public sealed class ResultSetTests
{
    [Fact]
    public void Request_writes_children_in_schema_order()
    {
        var set = new ResultSetRequest { Max = 10, After = "a", Index = 3 }.ToElement();
        Assert.Equal(ResultSetManagement.SetName, set.Name);
        Assert.Equal(["after", "index", "max"], set.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("10", set.Element(XName.Get("max", ResultSetManagement.Namespace))!.Value);
    }

    [Fact]
    public void Empty_before_asks_for_the_last_page()
    {
        var set = new ResultSetRequest { Before = "" }.ToElement();
        var before = Assert.Single(set.Elements());
        Assert.Equal("before", before.Name.LocalName);
        Assert.True(before.IsEmpty || before.Value.Length == 0);
    }

    [Fact]
    public void Negative_numbers_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResultSetRequest { Max = -1 }.ToElement());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResultSetRequest { Index = -2 }.ToElement());
    }

    [Fact]
    public void Info_reads_first_last_count_and_index()
    {
        var info = ResultSetInfo.Parse(XElement.Parse("<set xmlns='http://jabber.org/protocol/rsm'><first index='20'>f</first><last>l</last><count>800</count></set>"));
        Assert.Equal(new ResultSetInfo { First = "f", FirstIndex = 20, Last = "l", Count = 800 }, info);
    }

    [Fact]
    public void Info_treats_junk_as_absent()
    {
        var info = ResultSetInfo.Parse(XElement.Parse("<set xmlns='http://jabber.org/protocol/rsm'><first index='-1'>f</first><last></last><count>lots</count></set>"));
        Assert.Equal("f", info.First);
        Assert.Null(info.FirstIndex);
        Assert.Null(info.Last);
        Assert.Null(info.Count);
        Assert.Same(ResultSetInfo.Empty, ResultSetInfo.Parse(null));
        Assert.Same(ResultSetInfo.Empty, ResultSetInfo.Parse(XElement.Parse("<set xmlns='urn:other'><last>x</last></set>")));
    }
}
