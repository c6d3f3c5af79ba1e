namespace Magpie.Prosody;

/// <summary>Knobs for a private test Prosody started by <see cref="ProsodyServer"/>.</summary>
public sealed record ProsodyOptions
{
    /// <summary>Load mod_mam on the host and mod_muc_mam on the MUC component.</summary>
    public bool EnableMam { get; init; } = true;

    /// <summary>Maximum size of one HTTP upload (XEP-0363), in bytes.</summary>
    public long UploadSizeLimit { get; init; } = 10 * 1024 * 1024;

    /// <summary>Log at debug level (every stanza) instead of info. Useful when chasing a failure, noisy otherwise.</summary>
    public bool DebugLog { get; init; }

    /// <summary>
    /// Allow exactly TLS 1.2 (LuaSec <c>protocol = "tlsv1_2"</c>; without a trailing "+" it means "only this version").
    /// Prosody 0.12 offers SCRAM-SHA-1-PLUS (tls-unique) only on TLS 1.2, so this is how tests reach channel binding.
    /// </summary>
    public bool Tls12Only { get; init; }

    /// <summary>Raw Lua lines added to the global section, before any VirtualHost.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    /// <summary>Raw Lua lines added inside <c>VirtualHost "localhost"</c>.</summary>
    public IReadOnlyList<string> ExtraHostConfig { get; init; } = [];

    /// <summary>How long to wait for the c2s port to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
