using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Delay;

namespace Magpie.Xmpp.Tests.Extensions.Delay;

public sealed class DelayedDeliveryTests
{
    [Theory]
    [InlineData("2002-09-10T23:08:25Z", "2002-09-10T23:08:25Z")]
    [InlineData("2002-09-10T23:08:25.123Z", "2002-09-10T23:08:25.123Z")]
    [InlineData("2002-09-10T18:08:25-05:00", "2002-09-10T23:08:25Z")]
    [InlineData("2002-09-10T23:08:25", "2002-09-10T23:08:25Z")]
    public void Stamps_are_read_in_utc(string stamp, string expected)
    {
        var parsed = DelayedDelivery.ParseStamp(stamp);
        Assert.NotNull(parsed);
        Assert.Equal(expected, DelayedDelivery.FormatStamp(parsed.Value));
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Bad_stamps_are_absent(string? stamp) => Assert.Null(DelayedDelivery.ParseStamp(stamp));

    [Fact]
    public void Stamp_is_taken_from_the_delay_child()
    {
        var forwarded = XElement.Parse("<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/></forwarded>");
        Assert.Equal(new DateTimeOffset(2010, 7, 10, 23, 8, 25, TimeSpan.Zero), DelayedDelivery.GetStamp(forwarded));
        Assert.Null(DelayedDelivery.GetStamp(XElement.Parse("<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='jabber:x:delay' stamp='20100710T23:08:25'/></forwarded>")));
    }
}
