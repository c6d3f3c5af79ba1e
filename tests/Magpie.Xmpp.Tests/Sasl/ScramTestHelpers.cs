using System.Security.Cryptography;
using System.Text;

namespace Magpie.Xmpp.Tests.Sasl;

/// <summary>An independent SCRAM computation built on raw HMAC, for checking the mechanisms.</summary>
internal static class ScramTestHelpers
{
    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    // PBKDF2 with a single output block (dkLen == hLen), written out from RFC 8018 §5.2.
    public static byte[] Pbkdf2(Func<byte[], HMAC> hmac, byte[] password, byte[] salt, int iterations)
    {
        using HMAC h = hmac(password);
        byte[] u = h.ComputeHash([.. salt, 0, 0, 0, 1]);
        byte[] result = (byte[])u.Clone();
        for (int i = 1; i < iterations; i++)
        {
            u = h.ComputeHash(u);
            for (int k = 0; k < result.Length; k++)
            {
                result[k] ^= u[k];
            }
        }

        return result;
    }

    public static (string Proof, string ServerSignature) Compute(
        Func<byte[], HMAC> hmac, Func<byte[], byte[]> hash, string password, byte[] salt, int iterations, string authMessage)
    {
        byte[] salted = Pbkdf2(hmac, Utf8(password), salt, iterations);
        byte[] clientKey = Mac(hmac, salted, "Client Key");
        byte[] storedKey = hash(clientKey);
        byte[] clientSignature = Mac(hmac, storedKey, authMessage);
        byte[] proof = clientKey.Zip(clientSignature, (a, b) => (byte)(a ^ b)).ToArray();
        byte[] serverKey = Mac(hmac, salted, "Server Key");
        byte[] serverSignature = Mac(hmac, serverKey, authMessage);
        return (Convert.ToBase64String(proof), Convert.ToBase64String(serverSignature));
    }

    private static byte[] Mac(Func<byte[], HMAC> hmac, byte[] key, string data)
    {
        using HMAC h = hmac(key);
        return h.ComputeHash(Utf8(data));
    }
}
