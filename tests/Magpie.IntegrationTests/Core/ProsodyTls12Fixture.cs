using Magpie.Prosody;

namespace Magpie.IntegrationTests.Core;

/// <summary>A second, TLS-1.2-only Prosody: the only way to get SCRAM-SHA-1-PLUS (tls-unique) out of Prosody 0.12.</summary>
public sealed class ProsodyTls12Fixture : IAsyncLifetime
{
    private ProsodyServer? _server;

    public ProsodyServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync() =>
        _server = await ProsodyServer.StartAsync(new ProsodyOptions { Tls12Only = true });

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
