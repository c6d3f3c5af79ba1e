using System.Security.Cryptography;
using Magpie.Xmpp.Sasl;
using static Magpie.Xmpp.Tests.Sasl.ScramTestHelpers;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslMechanismScramSha256Tests
{
    // RFC 7677 §3.
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = ClientNonce + "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string ServerFirst = "r=" + ServerNonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static readonly byte[] BindingData = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Rfc7677_Vector()
    {
        var scram = new SaslMechanismScramSha256(new SaslCredentials("user", "pencil")) { ClientNonce = ClientNonce };

        Assert.Equal("n,,n=user,r=" + ClientNonce, Text(scram.GetInitialResponse()));
        Assert.Equal(
            "c=biws,r=" + ServerNonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            Text(scram.EvaluateChallenge(Utf8(ServerFirst))));

        scram.VerifySuccess(Utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));

        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void Names()
    {
        var creds = new SaslCredentials("user", "pencil");
        var plain = new SaslMechanismScramSha256(creds);
        var plus = new SaslMechanismScramSha256(creds, new ChannelBinding(ChannelBinding.TlsExporter, BindingData));

        Assert.Equal("SCRAM-SHA-256", plain.Name);
        Assert.Equal("SCRAM-SHA-256-PLUS", plus.Name);
        Assert.True(plus.IsPlus);
        Assert.Equal(32, plain.HashLength);
    }

    [Fact]
    public void Plus_SendsBindingInGs2HeaderAndCbind()
    {
        var binding = new ChannelBinding(ChannelBinding.TlsExporter, BindingData);
        var scram = new SaslMechanismScramSha256(new SaslCredentials("user", "pencil"), binding) { ClientNonce = ClientNonce };

        Assert.Equal("p=tls-exporter,,n=user,r=" + ClientNonce, Text(scram.GetInitialResponse()));

        string expectedCbind = Convert.ToBase64String([.. Utf8("p=tls-exporter,,"), .. BindingData]);
        string response = Text(scram.EvaluateChallenge(Utf8(ServerFirst)));

        Assert.StartsWith("c=" + expectedCbind + ",r=" + ServerNonce + ",p=", response, StringComparison.Ordinal);

        // The proof must cover the binding: compute it independently.
        string authMessage = "n=user,r=" + ClientNonce + "," + ServerFirst + ",c=" + expectedCbind + ",r=" + ServerNonce;
        (string proof, string signature) = Compute(
            key => new HMACSHA256(key), SHA256.HashData, "pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096, authMessage);

        Assert.EndsWith(",p=" + proof, response, StringComparison.Ordinal);
        scram.VerifySuccess(Utf8("v=" + signature));
        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void Plus_WithoutBindingData_IsRejected()
    {
        Assert.Throws<ArgumentException>(() =>
            new SaslMechanismScramSha256(new SaslCredentials("user", "pencil"), new ChannelBinding(ChannelBinding.TlsExporter, [])));
    }

    [Fact]
    public void ClientSupportsChannelBinding_UsesYHeader()
    {
        var scram = new SaslMechanismScramSha256(new SaslCredentials("user", "pencil"))
        {
            ClientNonce = ClientNonce,
            ClientSupportsChannelBinding = true,
        };

        Assert.Equal("y,,n=user,r=" + ClientNonce, Text(scram.GetInitialResponse()));

        string response = Text(scram.EvaluateChallenge(Utf8(ServerFirst)));

        // c= is base64("y,,") = "eSws".
        Assert.StartsWith("c=eSws,r=" + ServerNonce + ",p=", response, StringComparison.Ordinal);
    }
}
