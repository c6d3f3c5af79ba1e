using System.Security.Cryptography;
using Magpie.Xmpp.Sasl;
using static Magpie.Xmpp.Tests.Sasl.ScramTestHelpers;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslMechanismScramSha512Tests
{
    private const string ClientNonce = "c2VjcmV0LW5vbmNlLWZvci10ZXN0aW5n";
    private const string ServerNonce = ClientNonce + "c2VydmVyLXBhcnQ";
    private const string SaltBase64 = "c2FsdHktc2FsdA==";
    private const int Iterations = 4096;

    private static (string Proof, string Signature) Expected(string clientFirstBare, string serverFirst, string cbind, string password) =>
        Compute(
            key => new HMACSHA512(key),
            SHA512.HashData,
            password,
            Convert.FromBase64String(SaltBase64),
            Iterations,
            $"{clientFirstBare},{serverFirst},c={cbind},r={ServerNonce}");

    [Fact]
    public void RoundTrip_MatchesIndependentComputation()
    {
        var scram = new SaslMechanismScramSha512(new SaslCredentials("juliet", "r0m30myr0m30")) { ClientNonce = ClientNonce };
        string serverFirst = $"r={ServerNonce},s={SaltBase64},i={Iterations}";

        Assert.Equal("n,,n=juliet,r=" + ClientNonce, Text(scram.GetInitialResponse()));
        string response = Text(scram.EvaluateChallenge(Utf8(serverFirst)));

        (string proof, string signature) = Expected("n=juliet,r=" + ClientNonce, serverFirst, "biws", "r0m30myr0m30");
        Assert.Equal($"c=biws,r={ServerNonce},p={proof}", response);
        Assert.Equal(64, Convert.FromBase64String(proof).Length);

        scram.VerifySuccess(Utf8("v=" + signature));

        Assert.True(scram.IsComplete);
        Assert.Equal("SCRAM-SHA-512", scram.Name);
        Assert.Equal(64, scram.HashLength);
    }

    [Fact]
    public void Plus_RoundTrip_WithServerEndPointBinding()
    {
        byte[] data = [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x2C, 0x3D];
        var binding = new ChannelBinding(ChannelBinding.TlsServerEndPoint, data);
        var scram = new SaslMechanismScramSha512(new SaslCredentials("juliet", "r0m30myr0m30"), binding) { ClientNonce = ClientNonce };
        string serverFirst = $"r={ServerNonce},s={SaltBase64},i={Iterations}";

        Assert.Equal("p=tls-server-end-point,,n=juliet,r=" + ClientNonce, Text(scram.GetInitialResponse()));
        string response = Text(scram.EvaluateChallenge(Utf8(serverFirst)));

        string cbind = Convert.ToBase64String([.. Utf8("p=tls-server-end-point,,"), .. data]);
        (string proof, string signature) = Expected("n=juliet,r=" + ClientNonce, serverFirst, cbind, "r0m30myr0m30");
        Assert.Equal($"c={cbind},r={ServerNonce},p={proof}", response);
        Assert.Equal("SCRAM-SHA-512-PLUS", scram.Name);

        scram.VerifySuccess(Utf8("v=" + signature));
        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void NonAsciiPassword_IsSaslPreppedBeforeHashing()
    {
        // U+2168 ROMAN NUMERAL NINE normalizes (NFKC) to "IX".
        var scram = new SaslMechanismScramSha512(new SaslCredentials("juliet", "pass\u2168")) { ClientNonce = ClientNonce };
        string serverFirst = $"r={ServerNonce},s={SaltBase64},i={Iterations}";
        scram.GetInitialResponse();

        string response = Text(scram.EvaluateChallenge(Utf8(serverFirst)));

        (string proof, _) = Expected("n=juliet,r=" + ClientNonce, serverFirst, "biws", "passIX");
        Assert.EndsWith(",p=" + proof, response, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureForWrongPassword_Fails()
    {
        var scram = new SaslMechanismScramSha512(new SaslCredentials("juliet", "r0m30myr0m30")) { ClientNonce = ClientNonce };
        string serverFirst = $"r={ServerNonce},s={SaltBase64},i={Iterations}";
        scram.GetInitialResponse();
        scram.EvaluateChallenge(Utf8(serverFirst));

        // A server that does not know the password cannot produce the right signature.
        (_, string lie) = Expected("n=juliet,r=" + ClientNonce, serverFirst, "biws", "guess");

        Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8("v=" + lie)));
        Assert.False(scram.IsComplete);
    }
}
