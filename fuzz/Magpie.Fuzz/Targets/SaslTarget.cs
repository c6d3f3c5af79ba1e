using System.Security.Cryptography;
using System.Text;
using Magpie.Xmpp.Sasl;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// SASL SCRAM against hostile server messages. Input: a mode byte, then NUL-separated user name, password,
/// server-first and server-final. Mode bits 0–1 pick SHA-1/SHA-256/SHA-512, bit 2 the -PLUS variant, bit 3 whether
/// the client claims channel-binding support, bit 4 whether server-final is the fuzzed one or the one an honest
/// server would compute. The client nonce is fixed to <c>fuzznonce</c> so the fuzzer can extend it.
/// Oracles: only <see cref="SaslException"/> escapes (SaslPrep included); whenever the client answers server-first,
/// its proof is the correct one for the password, and the honest server's signature is accepted (round trip).
/// </summary>
public static class SaslTarget
{
    internal const string Nonce = "fuzznonce";

    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var mode = data[0];
        var parts = Input.Split(data.AsSpan(1), 4);
        while (parts.Count < 4)
            parts.Add([]);
        var user = Input.Utf8Text(parts[0]);
        var password = Input.Utf8Text(parts[1]);
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(5), 4 << 20, 200, () => Exchange(mode, user, password, parts[2], parts[3]));
    }

    private static void Exchange(byte mode, string user, string password, byte[] serverFirst, byte[] fuzzedFinal)
    {
        var credentials = new SaslCredentials(user, password);
        // Channel binding data makes the -PLUS variant.
        var cb = (mode & 4) != 0 ? new ChannelBinding(ChannelBinding.TlsExporter, [1, 2, 3, 4]) : null;
        SaslMechanismScram scram = (mode & 3) switch
        {
            0 => new SaslMechanismScramSha1(credentials, cb),
            2 => new SaslMechanismScramSha512(credentials, cb),
            _ => new SaslMechanismScramSha256(credentials, cb),
        };
        scram.ClientNonce = Nonce;
        scram.ClientSupportsChannelBinding = (mode & 8) != 0;
        scram.MinimumAcceptedIterationCount = SaslMechanismScram.MinimumIterationCount; // reach past the count check
        byte[] clientFirst, clientFinal;
        try
        {
            clientFirst = scram.GetInitialResponse();
            clientFinal = scram.EvaluateChallenge(serverFirst);
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "SCRAM client-first/server-first", typeof(SaslException));
            return;
        }
        var honestFinal = HonestServerFinal(scram, password, clientFirst, serverFirst, clientFinal);
        if ((mode & 16) == 0)
        {
            try
            {
                scram.VerifySuccess(honestFinal);
            }
            catch (Exception ex)
            {
                throw new FuzzFinding("the client refused an honest server's signature", ex);
            }
            Oracle.Check(scram.IsComplete, "the exchange is not complete after an honest server-final");
            return;
        }
        try
        {
            scram.VerifySuccess(fuzzedFinal);
            Oracle.Check(fuzzedFinal.AsSpan().SequenceEqual(honestFinal), "the client accepted a server-final that does not carry the right signature");
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "SCRAM server-final", typeof(SaslException));
        }
    }

    /// <summary>What a server that knows the password answers (RFC 5802 §3), after checking the client's proof.</summary>
    private static byte[] HonestServerFinal(SaslMechanismScram scram, string password, byte[] clientFirst, byte[] serverFirst, byte[] clientFinal)
    {
        var first = Encoding.UTF8.GetString(clientFirst);
        var bare = first[(first.IndexOf(",,", StringComparison.Ordinal) + 2)..];
        var final = Encoding.UTF8.GetString(clientFinal);
        var proofAt = final.LastIndexOf(",p=", StringComparison.Ordinal);
        Oracle.Check(proofAt > 0, "client-final has no proof");
        var withoutProof = final[..proofAt];
        var proof = Convert.FromBase64String(final[(proofAt + 3)..]);
        var attributes = Encoding.UTF8.GetString(serverFirst).Split(',');
        var salt = Convert.FromBase64String(attributes[1][2..]);
        var auth = Encoding.UTF8.GetBytes($"{bare},{Encoding.UTF8.GetString(serverFirst)},{withoutProof}");
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(SaslPrep.Prepare(password)), salt, scram.IterationCount, scram.HashAlgorithm, scram.HashLength);
        var clientKey = CryptographicOperations.HmacData(scram.HashAlgorithm, salted, "Client Key"u8);
        var storedKey = CryptographicOperations.HashData(scram.HashAlgorithm, clientKey);
        var clientSignature = CryptographicOperations.HmacData(scram.HashAlgorithm, storedKey, auth);
        var recovered = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++)
            recovered[i] = (byte)(proof[i] ^ clientSignature[i % clientSignature.Length]);
        Oracle.Check(proof.Length == clientKey.Length && recovered.AsSpan().SequenceEqual(clientKey), "the client's proof does not verify");
        var serverKey = CryptographicOperations.HmacData(scram.HashAlgorithm, salted, "Server Key"u8);
        var serverSignature = CryptographicOperations.HmacData(scram.HashAlgorithm, serverKey, auth);
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature));
    }
}
