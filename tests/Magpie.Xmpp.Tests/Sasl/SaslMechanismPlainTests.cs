using Magpie.Xmpp.Sasl;
using static Magpie.Xmpp.Tests.Sasl.ScramTestHelpers;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslMechanismPlainTests
{
    [Fact]
    public void InitialResponse_IsNulUserNulPassword()
    {
        var plain = new SaslMechanismPlain(new SaslCredentials("user", "pass"));

        Assert.Equal("\0user\0pass", Text(plain.GetInitialResponse()));
    }

    [Fact]
    public void Properties()
    {
        var plain = new SaslMechanismPlain(new SaslCredentials("user", "pass"));

        Assert.Equal("PLAIN", plain.Name);
        Assert.True(plain.RequiresTls);
    }

    [Fact]
    public void Credentials_AreSaslPrepped()
    {
        var plain = new SaslMechanismPlain(new SaslCredentials("us\u00ADer", "pa\u00A0ss"));

        Assert.Equal("\0user\0pa ss", Text(plain.GetInitialResponse()));
    }

    [Fact]
    public void Challenge_IsRejected()
    {
        var plain = new SaslMechanismPlain(new SaslCredentials("user", "pass"));
        plain.GetInitialResponse();

        Assert.Throws<SaslException>(() => plain.EvaluateChallenge(Utf8("more?")));
    }

    [Fact]
    public void VerifySuccess_IsNoOpAndCompletes()
    {
        var plain = new SaslMechanismPlain(new SaslCredentials("user", "pass"));
        plain.GetInitialResponse();

        plain.VerifySuccess(null);

        Assert.True(plain.IsComplete);
    }

    [Fact]
    public void Credentials_ToString_RedactsPassword()
    {
        var creds = new SaslCredentials("alice", "hunter2");

        string text = creds.ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }
}
