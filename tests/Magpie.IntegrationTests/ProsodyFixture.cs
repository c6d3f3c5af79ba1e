using Magpie.Prosody;

namespace Magpie.IntegrationTests;

/// <summary>One Prosody shared by every test in the "prosody" collection; starting one per test is too slow on CI.</summary>
public sealed class ProsodyFixture : IAsyncLifetime
{
    private ProsodyServer? _server;

    /// <summary>The running server; tests must use fresh user names (<see cref="ProsodyServer.NewUserName"/>).</summary>
    public ProsodyServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync()
    {
        // MAGPIE_PROSODY_DEBUG=1 turns on stanza-level logging when chasing a failure.
        var debug = Environment.GetEnvironmentVariable("MAGPIE_PROSODY_DEBUG") is "1" or "true";
        _server = await ProsodyServer.StartAsync(new ProsodyOptions { DebugLog = debug });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
