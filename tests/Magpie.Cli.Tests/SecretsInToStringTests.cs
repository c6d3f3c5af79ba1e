using Magpie.Testing.Secrets;

namespace Magpie.Cli.Tests;

public class SecretsInToStringTests
{
    [Fact]
    public void No_type_of_the_app_prints_a_password_in_ToString()
    {
        var app = typeof(Magpie.Cli.Session.SavedAccount).Assembly;
        Assert.Contains(typeof(Magpie.Cli.Session.SavedAccount), SecretLeakScan.TypesHoldingSecrets(app));

        var leaks = SecretLeakScan.Leaks(app);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
