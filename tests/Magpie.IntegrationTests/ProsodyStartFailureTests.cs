using Magpie.Prosody;

namespace Magpie.IntegrationTests;

public sealed class ProsodyStartFailureTests
{
    [Fact]
    public async Task Broken_config_fails_fast_with_the_log_tail()
    {
        var options = new ProsodyOptions { ExtraConfig = ["this is not lua ("] };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ProsodyServer.StartAsync(options));

        Assert.Contains("exited early", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prosody log tail", ex.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", ex.Message, StringComparison.Ordinal);
    }
}
