using System.Net;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>Limits and choices for <see cref="JingleFileTransferExtension"/>.</summary>
public sealed record FileTransferOptions
{
    /// <summary>Incoming offers larger than this are declined without asking (default 1 GiB).</summary>
    public long MaxFileSize { get; init; } = 1L << 30;

    /// <summary>At most this many sessions at once, both directions; more incoming offers are answered
    /// <c>busy</c> (default 8).</summary>
    public int MaxSessions { get; init; } = 8;

    /// <summary>How long an offer waits for an answer: ours for the peer's accept, theirs for the app's
    /// (default 5 minutes).</summary>
    public TimeSpan OfferTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a running transfer or negotiation may go without progress before it is ended
    /// with <c>timeout</c> (default 30 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The in-band block size offered (XEP-0047; at most 65535, default 16384). The smaller of both
    /// sides' is used.</summary>
    public int InBandBlockSize { get; init; } = 16384;

    /// <summary>How many in-band blocks may wait for their acknowledgement at once (default 8).</summary>
    public int InBandWindow { get; init; } = 8;

    /// <summary>Offer this machine's own addresses as SOCKS5 candidates (default true). Offering them shows
    /// the peer our IP addresses (XEP-0260 §8.1).</summary>
    public bool OfferDirectCandidates { get; init; } = true;

    /// <summary>The addresses offered as direct candidates; null for every up interface's IPv4 address and loopback.</summary>
    public IReadOnlyList<IPAddress>? CandidateAddresses { get; init; }

    /// <summary>The port the direct candidates advertise; null for the port actually listened on. Only useful
    /// behind a port forward (and in tests, to offer a candidate that cannot connect).</summary>
    public int? AdvertisedPort { get; init; }

    /// <summary>Offer the server's SOCKS5 proxy (XEP-0065, found through disco) as a candidate (default true).</summary>
    public bool UseServerProxy { get; init; } = true;

    /// <summary>How long one SOCKS5 candidate may take to connect (default 5 s, XEP-0260 §5).</summary>
    public TimeSpan CandidateTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuse a received file that came with no SHA-256 at all (default true): it is kept aside like a
    /// mismatch instead of being accepted unchecked.</summary>
    public bool RequireHash { get; init; } = true;
}
