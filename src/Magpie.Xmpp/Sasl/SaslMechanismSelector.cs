namespace Magpie.Xmpp.Sasl;

/// <summary>Chooses which SASL mechanism to use from those a server offers.</summary>
public static class SaslMechanismSelector
{
    // Strongest first; the order is the policy.
    private static readonly string[] Preference =
    [
        "SCRAM-SHA-512-PLUS",
        "SCRAM-SHA-256-PLUS",
        "SCRAM-SHA-1-PLUS",
        "SCRAM-SHA-512",
        "SCRAM-SHA-256",
        "SCRAM-SHA-1",
        "PLAIN",
    ];

    // tls-exporter is the only binding defined for TLS 1.3; tls-server-end-point is the weakest.
    private static readonly string[] BindingPreference =
    [
        ChannelBinding.TlsExporter,
        ChannelBinding.TlsUnique,
        ChannelBinding.TlsServerEndPoint,
    ];

    /// <summary>
    /// Picks the strongest mechanism that the server offers, that we support, and that policy allows.
    /// </summary>
    /// <param name="offered">Mechanism names from the server's stream features.</param>
    /// <param name="creds">The credentials the mechanism will use.</param>
    /// <param name="isTlsActive">Whether the stream is encrypted; PLAIN and <c>-PLUS</c> are only chosen when it is.</param>
    /// <param name="getBinding">Returns binding data for a type (<c>tls-exporter</c>, <c>tls-unique</c>, <c>tls-server-end-point</c>), or <see langword="null"/>.</param>
    /// <param name="allowList">Mechanism names the caller permits, or <see langword="null"/> for all.</param>
    /// <returns>A fresh mechanism, or <see langword="null"/> if nothing acceptable is on offer.</returns>
    public static SaslMechanism? Select(
        IEnumerable<string> offered,
        SaslCredentials creds,
        bool isTlsActive,
        Func<string, ChannelBinding?> getBinding,
        IReadOnlyCollection<string>? allowList = null)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(creds);
        ArgumentNullException.ThrowIfNull(getBinding);

        var offeredSet = new HashSet<string>(offered, StringComparer.OrdinalIgnoreCase);
        HashSet<string>? allowed = allowList is null ? null : new HashSet<string>(allowList, StringComparer.OrdinalIgnoreCase);
        ChannelBinding? binding = isTlsActive ? FindBinding(getBinding) : null;

        foreach (string name in Preference)
        {
            if (!offeredSet.Contains(name) || (allowed is not null && !allowed.Contains(name)))
            {
                continue;
            }

            bool plus = name.EndsWith("-PLUS", StringComparison.Ordinal);
            if (plus && binding is null)
            {
                continue;
            }

            if (name == "PLAIN")
            {
                // Never hand the password over an unencrypted stream.
                if (!isTlsActive)
                {
                    continue;
                }

                return new SaslMechanismPlain(creds);
            }

            SaslMechanismScram scram = Create(name, creds, plus ? binding : null);
            if (!plus && binding is not null)
            {
                // "y" only when the server offered no -PLUS at all; if it did and we declined
                // (e.g. allow-list), "y" would make it suspect a downgrade attack.
                scram.ClientSupportsChannelBinding = !offeredSet.Any(o => o.EndsWith("-PLUS", StringComparison.OrdinalIgnoreCase));
            }

            return scram;
        }

        return null;
    }

    private static ChannelBinding? FindBinding(Func<string, ChannelBinding?> getBinding)
    {
        foreach (string type in BindingPreference)
        {
            ChannelBinding? binding = getBinding(type);
            if (binding is { Data.Length: > 0 })
            {
                // Trust the requested type name rather than whatever the callback put in the record.
                return binding.Type == type ? binding : binding with { Type = type };
            }
        }

        return null;
    }

    private static SaslMechanismScram Create(string name, SaslCredentials creds, ChannelBinding? binding) =>
        name switch
        {
            "SCRAM-SHA-512" or "SCRAM-SHA-512-PLUS" => new SaslMechanismScramSha512(creds, binding),
            "SCRAM-SHA-256" or "SCRAM-SHA-256-PLUS" => new SaslMechanismScramSha256(creds, binding),
            _ => new SaslMechanismScramSha1(creds, binding),
        };
}
