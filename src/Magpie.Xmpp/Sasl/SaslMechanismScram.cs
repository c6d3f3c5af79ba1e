using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Magpie.Xmpp.Sasl;

/// <summary>
/// The SCRAM family (RFC 5802, RFC 7677), optionally with channel binding (the <c>-PLUS</c> variants).
/// The client proves knowledge of the password without sending it, and the server proves it in turn.
/// </summary>
public abstract class SaslMechanismScram : SaslMechanism
{
    /// <summary>The smallest iteration count accepted from a server.</summary>
    public const int MinimumIterationCount = 1;

    /// <summary>
    /// The largest iteration count accepted from a server. A hostile server could otherwise make the
    /// client burn CPU for minutes on PBKDF2.
    /// </summary>
    public const int MaximumIterationCount = 1_000_000;

    /// <summary>
    /// The default of <see cref="MinimumAcceptedIterationCount"/>: RFC 7677 §4 asks for at least 4096. A server
    /// (or whoever answers in its name) asking for fewer would get a proof that is cheaper to attack offline.
    /// </summary>
    public const int RecommendedMinimumIterationCount = 4096;

    private const int NonceByteCount = 24;

    private readonly SaslCredentials _credentials;
    private readonly ChannelBinding? _binding;
    private State _state = State.Initial;
    private string? _clientNonce;
    private string? _gs2Header;
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    /// <summary>Creates a SCRAM mechanism.</summary>
    /// <param name="credentials">The credentials to authenticate with.</param>
    /// <param name="binding">Channel binding data; required when <paramref name="plus"/> is set, otherwise ignored.</param>
    /// <param name="plus">Whether this is the <c>-PLUS</c> (channel-bound) variant.</param>
    /// <exception cref="ArgumentException"><paramref name="plus"/> is set but <paramref name="binding"/> is missing or empty.</exception>
    protected SaslMechanismScram(SaslCredentials credentials, ChannelBinding? binding, bool plus)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (plus)
        {
            if (binding is null || string.IsNullOrEmpty(binding.Type) || binding.Data is null || binding.Data.Length == 0)
            {
                throw new ArgumentException("a -PLUS mechanism needs channel binding data", nameof(binding));
            }

            if (binding.Type.Contains(',', StringComparison.Ordinal) || binding.Type.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException("invalid channel binding type", nameof(binding));
            }
        }

        _credentials = credentials;
        _binding = plus ? binding : null;
        IsPlus = plus;
    }

    private enum State
    {
        Initial,
        AwaitingServerFirst,
        AwaitingServerFinal,
        Complete,
        Failed,
    }

    /// <summary>The hash function behind HMAC, H() and PBKDF2.</summary>
    public abstract HashAlgorithmName HashAlgorithm { get; }

    /// <summary>The output length of <see cref="HashAlgorithm"/> in bytes.</summary>
    public abstract int HashLength { get; }

    /// <summary>Whether this is the channel-bound <c>-PLUS</c> variant.</summary>
    public bool IsPlus { get; }

    /// <summary>
    /// Set when we could do channel binding but the server offered no <c>-PLUS</c> mechanism; the
    /// gs2 header then says <c>y</c> so a server that does support binding can detect a downgrade.
    /// Ignored for <c>-PLUS</c> variants.
    /// </summary>
    public bool ClientSupportsChannelBinding { get; set; }

    /// <summary>The smallest iteration count accepted from the server: <see cref="RecommendedMinimumIterationCount"/>
    /// unless lowered on purpose (for an old server known to use fewer), never below <see cref="MinimumIterationCount"/>.
    /// A server asking for fewer is refused before the password is used.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaximumIterationCount"/>.</exception>
    public int MinimumAcceptedIterationCount
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumIterationCount);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaximumIterationCount);
            field = value;
        }
    } = RecommendedMinimumIterationCount;

    /// <summary>The iteration count the server asked for, or 0 before its first message.</summary>
    public int IterationCount { get; private set; }

    /// <inheritdoc/>
    public override string Name => IsPlus ? BaseName + "-PLUS" : BaseName;

    /// <inheritdoc/>
    public override bool RequiresTls => false;

    /// <summary>The mechanism name without <c>-PLUS</c>, e.g. <c>SCRAM-SHA-256</c>.</summary>
    protected abstract string BaseName { get; }

    /// <summary>The client nonce; random unless a test fixes it before the exchange starts.</summary>
    internal string ClientNonce
    {
        get => _clientNonce ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceByteCount));
        set
        {
            if (_state != State.Initial)
            {
                throw new InvalidOperationException("the nonce cannot change once the exchange has started");
            }

            if (string.IsNullOrEmpty(value) || !IsPrintable(value))
            {
                throw new ArgumentException("nonce must be printable ASCII without commas", nameof(value));
            }

            _clientNonce = value;
        }
    }

    /// <inheritdoc/>
    public override byte[] GetInitialResponse()
    {
        if (_state != State.Initial)
        {
            throw new SaslException("the SCRAM exchange has already started");
        }

        string user = EscapeSaslName(SaslPrep.Prepare(_credentials.UserName));
        _gs2Header = IsPlus ? $"p={_binding!.Type},," : ClientSupportsChannelBinding ? "y,," : "n,,";
        _clientFirstBare = $"n={user},r={ClientNonce}";
        _state = State.AwaitingServerFirst;
        return Encoding.UTF8.GetBytes(_gs2Header + _clientFirstBare);
    }

    /// <inheritdoc/>
    public override byte[] EvaluateChallenge(byte[] challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        try
        {
            switch (_state)
            {
                case State.AwaitingServerFirst:
                    return RespondToServerFirst(challenge);
                case State.AwaitingServerFinal:
                    // Some servers send server-final as a challenge and an empty <success/>; answer with nothing.
                    VerifyServerFinal(challenge);
                    return [];
                default:
                    throw new SaslException($"unexpected SCRAM challenge in state {_state}");
            }
        }
        catch (SaslException)
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <inheritdoc/>
    public override void VerifySuccess(byte[]? additionalData)
    {
        if (_state == State.Complete && (additionalData is null || additionalData.Length == 0))
        {
            // The signature already arrived (and verified) in a challenge.
            return;
        }

        try
        {
            if (_state is not (State.AwaitingServerFinal or State.Complete))
            {
                throw new SaslException("the SCRAM exchange is not complete; the server reported success too early");
            }

            if (additionalData is null || additionalData.Length == 0)
            {
                throw new SaslException("server did not send its signature");
            }

            VerifyServerFinal(additionalData);
        }
        catch (SaslException)
        {
            _state = State.Failed;
            throw;
        }
    }

    private byte[] RespondToServerFirst(byte[] challenge)
    {
        string serverFirst = DecodeUtf8(challenge);
        List<KeyValuePair<char, string>> attributes = ParseAttributes(serverFirst);

        if (attributes.Count > 0 && attributes[0].Key == 'e')
        {
            throw new SaslException($"server reported an error: {attributes[0].Value}");
        }

        if (attributes.Count > 0 && attributes[0].Key == 'm')
        {
            throw new SaslException("server requires an unsupported SCRAM extension (m=)");
        }

        if (attributes.Count < 3 || attributes[0].Key != 'r' || attributes[1].Key != 's' || attributes[2].Key != 'i')
        {
            throw new SaslException("server-first-message must start with r=, s= and i=, in that order");
        }

        for (int k = 3; k < attributes.Count; k++)
        {
            // Optional extensions may follow, but never a repeat of a core attribute.
            if (attributes[k].Key is 'r' or 's' or 'i' or 'm' or 'e' or 'n' or 'c' or 'p' or 'v')
            {
                throw new SaslException($"server-first-message repeats or misplaces attribute '{attributes[k].Key}'");
            }
        }

        string nonce = attributes[0].Value;
        string clientNonce = ClientNonce;
        if (!nonce.StartsWith(clientNonce, StringComparison.Ordinal))
        {
            throw new SaslException("server nonce does not start with the client nonce");
        }

        if (nonce.Length == clientNonce.Length)
        {
            throw new SaslException("server nonce does not extend the client nonce");
        }

        if (!IsPrintable(nonce))
        {
            throw new SaslException("server nonce contains invalid characters");
        }

        byte[] salt = DecodeBase64(attributes[1].Value, "salt");
        if (salt.Length == 0)
        {
            throw new SaslException("server sent an empty salt");
        }

        IterationCount = ParseIterationCount(attributes[2].Value);

        // All server input is validated; only now is the password used.
        string channelBinding = Convert.ToBase64String(ChannelBindingInput());
        string clientFinalWithoutProof = $"c={channelBinding},r={nonce}";
        string authMessage = $"{_clientFirstBare},{serverFirst},{clientFinalWithoutProof}";
        byte[] authBytes = Encoding.UTF8.GetBytes(authMessage);

        byte[] password = Encoding.UTF8.GetBytes(SaslPrep.Prepare(_credentials.Password));
        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(password, salt, IterationCount, HashAlgorithm, HashLength);
        byte[] clientKey = Hmac(saltedPassword, "Client Key"u8);
        byte[] storedKey = CryptographicOperations.HashData(HashAlgorithm, clientKey);
        byte[] clientSignature = CryptographicOperations.HmacData(HashAlgorithm, storedKey, authBytes);
        byte[] proof = new byte[clientKey.Length];
        for (int k = 0; k < proof.Length; k++)
        {
            proof[k] = (byte)(clientKey[k] ^ clientSignature[k]);
        }

        byte[] serverKey = Hmac(saltedPassword, "Server Key"u8);
        _expectedServerSignature = CryptographicOperations.HmacData(HashAlgorithm, serverKey, authBytes);

        // Why: these are password equivalents; do not leave them around longer than needed.
        CryptographicOperations.ZeroMemory(password);
        CryptographicOperations.ZeroMemory(saltedPassword);
        CryptographicOperations.ZeroMemory(clientKey);
        CryptographicOperations.ZeroMemory(serverKey);

        _state = State.AwaitingServerFinal;
        return Encoding.UTF8.GetBytes($"{clientFinalWithoutProof},p={Convert.ToBase64String(proof)}");
    }

    private void VerifyServerFinal(byte[] data)
    {
        string serverFinal = DecodeUtf8(data);
        List<KeyValuePair<char, string>> attributes = ParseAttributes(serverFinal);
        if (attributes.Count > 0 && attributes[0].Key == 'e')
        {
            throw new SaslException($"server reported an error: {attributes[0].Value}");
        }

        if (attributes.Count == 0 || attributes[0].Key != 'v')
        {
            throw new SaslException("server-final-message has no signature (v=)");
        }

        for (int k = 1; k < attributes.Count; k++)
        {
            if (attributes[k].Key is 'v' or 'e')
            {
                throw new SaslException("server-final-message repeats its verifier");
            }
        }

        byte[] signature = DecodeBase64(attributes[0].Value, "server signature");
        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new SaslException("server signature did not verify");
        }

        _state = State.Complete;
        IsComplete = true;
    }

    private byte[] ChannelBindingInput()
    {
        byte[] header = Encoding.UTF8.GetBytes(_gs2Header!);
        if (!IsPlus)
        {
            return header;
        }

        byte[] data = _binding!.Data;
        byte[] result = new byte[header.Length + data.Length];
        header.CopyTo(result, 0);
        data.CopyTo(result, header.Length);
        return result;
    }

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data)
    {
        byte[] result = new byte[HashLength];
        CryptographicOperations.HmacData(HashAlgorithm, key, data, result);
        return result;
    }

    private int ParseIterationCount(string value)
    {
        // Digits only: no sign, no whitespace, no leading '+'.
        if (value.Length == 0 || value.Length > 10 || !value.All(char.IsAsciiDigit) ||
            !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new SaslException("server sent an invalid iteration count");
        }

        if (count < MinimumIterationCount)
        {
            throw new SaslException("server sent an iteration count below 1");
        }

        if (count < MinimumAcceptedIterationCount)
        {
            throw new SaslException($"server asked for only {count} PBKDF2 iterations; at least {MinimumAcceptedIterationCount} are required (RFC 7677), so the password was not used");
        }

        if (count > MaximumIterationCount)
        {
            throw new SaslException($"server iteration count {count} exceeds the limit of {MaximumIterationCount}");
        }

        return count;
    }

    private static List<KeyValuePair<char, string>> ParseAttributes(string message)
    {
        // attr-val = ALPHA "=" value, separated by commas; nothing else is valid SCRAM.
        var result = new List<KeyValuePair<char, string>>();
        var seen = new HashSet<char>();
        foreach (string part in message.Split(','))
        {
            if (part.Length < 2 || !char.IsAsciiLetter(part[0]) || part[1] != '=')
            {
                throw new SaslException("malformed SCRAM message from server");
            }

            if (!seen.Add(part[0]))
            {
                throw new SaslException($"server repeated SCRAM attribute '{part[0]}'");
            }

            result.Add(new KeyValuePair<char, string>(part[0], part[2..]));
        }

        return result;
    }

    private static string DecodeUtf8(byte[] data)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException e)
        {
            throw new SaslException("server sent invalid UTF-8", e);
        }
    }

    private static byte[] DecodeBase64(string value, string what)
    {
        // Convert would skip whitespace; SCRAM base64 never contains any, so treat it as malformed.
        byte[] buffer = new byte[(value.Length * 3 / 4) + 3];
        if (value.Length == 0 || value.Any(char.IsWhiteSpace) || !Convert.TryFromBase64String(value, buffer, out int written))
        {
            throw new SaslException($"server sent an invalid {what} (not base64)");
        }

        return buffer[..written];
    }

    private static string EscapeSaslName(string name) =>
        name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    private static bool IsPrintable(string value)
    {
        // RFC 5802 "printable": %x21-2B / %x2D-7E.
        foreach (char c in value)
        {
            if (c < 0x21 || c > 0x7E || c == ',')
            {
                return false;
            }
        }

        return true;
    }
}
