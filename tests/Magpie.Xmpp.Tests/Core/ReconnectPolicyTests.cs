namespace Magpie.Xmpp.Tests.Core;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Delays_grow_exponentially_up_to_the_maximum_and_jitter_only_shortens_them()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 2, Jitter = 0.5 };
        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetDelay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.GetDelay(4, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.GetDelay(5, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.GetDelay(1000, 0));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetDelay(1000, 1));
        Assert.Equal(TimeSpan.FromSeconds(1.5), policy.GetDelay(2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetDelay(0, 0));
    }

    [Fact]
    public void Reconnection_is_off_by_default()
    {
        var options = new XmppClientOptions { Jid = Jid.Parse("a@b"), Password = "p" };
        Assert.False(options.Reconnect.Enabled);
        Assert.True(new ReconnectPolicy().Enabled);
    }
}
