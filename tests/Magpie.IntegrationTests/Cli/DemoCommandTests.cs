using System.Collections;
using System.Text.Json;
using Magpie.Cli;

namespace Magpie.IntegrationTests.Cli;

/// <summary><c>magpie demo --once</c> starts its own private Prosody, proves a login and stops it.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_once_starts_a_private_server_and_reports_a_working_account()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(["demo", "--once", "--json"], stdout, stderr, new Hashtable(), cts.Token);
        Assert.True(code == 0, stderr.ToString());
        using var doc = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("me@localhost", doc.RootElement.GetProperty("jid").GetString());
        var caFile = doc.RootElement.GetProperty("ca_file").GetString()!;
        // Everything it started is gone once it returns.
        Assert.False(File.Exists(caFile), "the demo's temporary directory should be removed");
    }
}
