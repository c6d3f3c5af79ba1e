using Magpie.Xmpp.Sasl;
using static Magpie.Xmpp.Tests.Sasl.ScramTestHelpers;

namespace Magpie.Xmpp.Tests.Sasl;

public class SaslMechanismScramSha1Tests
{
    // RFC 5802 §5.
    private const string ClientNonce = "fyko+d2lbbFgONRv9qkxdawL";
    private const string ServerNonce = ClientNonce + "3rfcNHYJY1ZVvWVs7j";
    private const string ServerFirst = "r=" + ServerNonce + ",s=QSXCR+Q6sek8bf92,i=4096";
    private const string ServerFinal = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

    private static SaslMechanismScramSha1 Create(string user = "user")
    {
        var scram = new SaslMechanismScramSha1(new SaslCredentials(user, "pencil")) { ClientNonce = ClientNonce };
        return scram;
    }

    private static SaslMechanismScramSha1 AfterServerFirst()
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();
        scram.EvaluateChallenge(Utf8(ServerFirst));
        return scram;
    }

    [Fact]
    public void Rfc5802_Vector()
    {
        SaslMechanismScramSha1 scram = Create();

        Assert.Equal("n,,n=user,r=" + ClientNonce, Text(scram.GetInitialResponse()));
        Assert.Equal(
            "c=biws,r=" + ServerNonce + ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
            Text(scram.EvaluateChallenge(Utf8(ServerFirst))));
        Assert.False(scram.IsComplete);
        Assert.Equal(4096, scram.IterationCount);

        scram.VerifySuccess(Utf8(ServerFinal));

        Assert.True(scram.IsComplete);
    }

    [Fact]
    public void Properties()
    {
        SaslMechanismScramSha1 scram = Create();

        Assert.Equal("SCRAM-SHA-1", scram.Name);
        Assert.False(scram.RequiresTls);
        Assert.False(scram.IsPlus);
        Assert.Equal(20, scram.HashLength);
    }

    [Fact]
    public void DefaultNonce_IsRandomBase64Of24Bytes()
    {
        var a = new SaslMechanismScramSha1(new SaslCredentials("user", "pencil"));
        var b = new SaslMechanismScramSha1(new SaslCredentials("user", "pencil"));

        string nonceA = Text(a.GetInitialResponse()).Split(",r=")[1];
        string nonceB = Text(b.GetInitialResponse()).Split(",r=")[1];

        Assert.Equal(24, Convert.FromBase64String(nonceA).Length);
        Assert.NotEqual(nonceA, nonceB);
    }

    [Fact]
    public void UserName_IsEscaped()
    {
        SaslMechanismScramSha1 scram = Create("a=b,c");

        Assert.Equal("n,,n=a=3Db=2Cc,r=" + ClientNonce, Text(scram.GetInitialResponse()));
    }

    [Fact]
    public void ServerFinal_AsChallenge_ThenEmptySuccess()
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        Assert.Empty(scram.EvaluateChallenge(Utf8(ServerFinal)));
        scram.VerifySuccess(null);

        Assert.True(scram.IsComplete);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EmptySuccessData_Fails(string? data)
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        var e = Assert.Throws<SaslException>(() => scram.VerifySuccess(data is null ? null : Utf8(data)));
        Assert.Equal("server did not send its signature", e.Message);
        Assert.False(scram.IsComplete);
    }

    [Fact]
    public void WrongSignature_Fails()
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        var e = Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        Assert.Equal("server signature did not verify", e.Message);
        Assert.False(scram.IsComplete);
    }

    [Fact]
    public void TruncatedSignature_Fails()
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8("v=rmF9pqV8S7suAoZWja4d")));
    }

    [Theory]
    [InlineData("x=rmF9pqV8S7suAoZWja4dJRkFsKQ=")]
    [InlineData("rmF9pqV8S7suAoZWja4dJRkFsKQ=")]
    [InlineData("v=")]
    [InlineData("v=not base64!")]
    [InlineData("v=rmF9pqV8S7suAoZWja4dJRkF sKQ=")]
    public void MissingOrMalformedSignature_Fails(string data)
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8(data)));
        Assert.False(scram.IsComplete);
    }

    [Fact]
    public void ErrorInSuccess_ReportsServerText()
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();

        var e = Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8("e=invalid-proof")));
        Assert.Contains("invalid-proof", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorInServerFirst_ReportsServerText()
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();

        var e = Assert.Throws<SaslException>(() => scram.EvaluateChallenge(Utf8("e=unknown-user")));
        Assert.Contains("unknown-user", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Nonce does not extend ours.
    [InlineData("r=someoneelsesnonce123,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdaw,s=QSXCR+Q6sek8bf92,i=4096")]
    // Nonce equal to ours.
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
    // Iteration count out of range or not a number.
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=0")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=-1")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=abc")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=10000001")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=1000001")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=99999999999999999999")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=+4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i= 4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92")]
    // Salt missing, empty or not base64.
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=%%%,i=4096")]
    // Mandatory extension we do not understand.
    [InlineData("m=foo,r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=4096")]
    // Out of order, duplicated, malformed.
    [InlineData("s=QSXCR+Q6sek8bf92,r=fyko+d2lbbFgONRv9qkxdawLabc,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=4096,r=fyko+d2lbbFgONRv9qkxdawLabd")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=4096,i=1")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=4096,")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawL\u00e9,s=QSXCR+Q6sek8bf92,i=4096")]
    // Garbage.
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<xml/>")]
    public void BadServerFirst_FailsBeforeProof(string serverFirst)
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();

        Assert.Throws<SaslException>(() => scram.EvaluateChallenge(Utf8(serverFirst)));
        // The exchange is dead after a failure.
        Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8(ServerFinal)));
        Assert.False(scram.IsComplete);
    }

    [Fact]
    public void InvalidUtf8Challenge_Fails()
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();

        Assert.Throws<SaslException>(() => scram.EvaluateChallenge([0xFF, 0xFE, 0x00, 0x80]));
    }

    [Fact]
    public void UnknownOptionalExtension_IsIgnored()
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();

        // Extensions after i= are optional; the proof then differs from the RFC vector but must still be produced.
        string response = Text(scram.EvaluateChallenge(Utf8(ServerFirst + ",x=whatever")));

        Assert.StartsWith("c=biws,r=" + ServerNonce + ",p=", response, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifySuccess_BeforeChallenge_Fails()
    {
        SaslMechanismScramSha1 scram = Create();

        Assert.Throws<SaslException>(() => scram.VerifySuccess(Utf8(ServerFinal)));

        SaslMechanismScramSha1 started = Create();
        started.GetInitialResponse();

        Assert.Throws<SaslException>(() => started.VerifySuccess(Utf8(ServerFinal)));
        Assert.Throws<SaslException>(() => started.VerifySuccess(null));
        Assert.False(started.IsComplete);
    }

    [Fact]
    public void Challenge_BeforeInitialResponse_Fails()
    {
        SaslMechanismScramSha1 scram = Create();

        Assert.Throws<SaslException>(() => scram.EvaluateChallenge(Utf8(ServerFirst)));
    }

    [Fact]
    public void ExtraChallengeAfterCompletion_Fails()
    {
        SaslMechanismScramSha1 scram = AfterServerFirst();
        scram.VerifySuccess(Utf8(ServerFinal));

        Assert.Throws<SaslException>(() => scram.EvaluateChallenge(Utf8(ServerFirst)));
    }

    [Fact]
    public void IterationBounds_AreExposed()
    {
        Assert.Equal(1, SaslMechanismScram.MinimumIterationCount);
        Assert.Equal(1_000_000, SaslMechanismScram.MaximumIterationCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4095)]
    public void IterationCountBelow4096_IsRefusedBeforeThePasswordIsUsed(int iterations)
    {
        SaslMechanismScramSha1 scram = Create();
        scram.GetInitialResponse();

        var ex = Assert.Throws<SaslException>(() => scram.EvaluateChallenge(Utf8("r=" + ServerNonce + $",s=QSXCR+Q6sek8bf92,i={iterations}")));

        Assert.Contains($"only {iterations} PBKDF2 iterations", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4096, scram.MinimumAcceptedIterationCount);
    }

    [Fact]
    public void LowIterationCount_IsAcceptedOnlyWhenTheMinimumIsLoweredExplicitly()
    {
        SaslMechanismScramSha1 scram = Create();
        scram.MinimumAcceptedIterationCount = 1;
        scram.GetInitialResponse();

        scram.EvaluateChallenge(Utf8("r=" + ServerNonce + ",s=QSXCR+Q6sek8bf92,i=1"));

        Assert.Equal(1, scram.IterationCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => scram.MinimumAcceptedIterationCount = 0);
    }
}
