using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp;

/// <summary>Everything an <see cref="XmppClient"/> needs to know before it connects.</summary>
public sealed record XmppClientOptions
{
    /// <summary>The account. A resource in it is requested at bind time; the server may still choose another.</summary>
    public required Jid Jid { get; init; }

    /// <summary>The password. Never logged, never put in exceptions, masked in <see cref="ToString"/>.</summary>
    public required string Password { get; init; }

    /// <summary>Connect to this host instead of looking up DNS SRV records.</summary>
    public string? Host { get; init; }

    /// <summary>The port with <see cref="Host"/>; 5222 (STARTTLS) or 5223 (direct TLS) when unset.</summary>
    public int? Port { get; init; }

    /// <summary>With <see cref="Host"/>: start TLS at once (XEP-0368) instead of STARTTLS.</summary>
    public bool DirectTls { get; init; }

    /// <summary>How the server's certificate is judged and which TLS versions are allowed.</summary>
    public TlsPolicy Tls { get; init; } = new();

    /// <summary>SASL mechanisms allowed (by name), or null for every supported one. PLAIN is still only
    /// used inside TLS.</summary>
    public IReadOnlyCollection<string>? AllowedMechanisms { get; init; }

    /// <summary>Refuse to log in with anything but SCRAM. Set it for a server known to have offered SCRAM before (the
    /// caller remembers <see cref="XmppClient.OfferedMechanisms"/>): a server that now offers only PLAIN would receive
    /// the password itself, which is what a stolen certificate or a compromised server wants. The login then fails
    /// with <see cref="XmppAuthenticationException"/> (condition <c>mechanism-downgrade</c>) before the password is sent.</summary>
    public bool RequireScram { get; init; }

    /// <summary>The fewest SCRAM (PBKDF2) iterations accepted from the server; 4096 as RFC 7677 asks. A server asking
    /// for fewer is refused with <see cref="XmppAuthenticationException"/> before the password is used: a low count
    /// makes the proof we send cheaper to attack offline. Lower it only for an old server known to need it.</summary>
    public int MinimumScramIterations { get; init; } = Sasl.SaslMechanismScram.RecommendedMinimumIterationCount;

    /// <summary>Time allowed for DNS, TCP and TLS on each endpoint.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time allowed for the whole stream negotiation, and the default wait for an IQ answer.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limits on what the server may send.</summary>
    public XmlLimits XmlLimits { get; init; } = XmlLimits.Default;

    /// <summary>Receives the raw XML of the session (secrets redacted), or null.</summary>
    public IProtocolTrace? ProtocolTrace { get; init; }

    /// <summary>Where diagnostics go; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Makes stanza ids; random by default.</summary>
    public IStanzaIdGenerator IdGenerator { get; init; } = RandomStanzaIdGenerator.Instance;

    /// <summary>The xml:lang of our stream.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Reconnection after an unrequested loss of an established session; off by default.
    /// See <see cref="XmppClient.ConnectionStateChanged"/>.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Disabled;

    /// <summary>When the server has sent nothing for this long, the client probes the link: an XEP-0198
    /// <c>&lt;r/&gt;</c> when stream management is on, an XEP-0199 ping otherwise. Null turns probing off.</summary>
    public TimeSpan? KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a probe may go unanswered (nothing at all arriving) before the connection is
    /// declared dead and closed, which starts a reconnection when <see cref="Reconnect"/> is on.</summary>
    public TimeSpan KeepaliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to use XEP-0198 stream management (acks and resumption) when the server offers it.</summary>
    public bool EnableStreamManagement { get; init; } = true;

    /// <summary>With stream management: request an acknowledgement after this many stanzas sent.</summary>
    public int AckRequestEvery { get; init; } = 10;

    /// <summary>With stream management: request an acknowledgement when stanzas have waited unacknowledged
    /// this long, even if fewer than <see cref="AckRequestEvery"/> went out.</summary>
    public TimeSpan AckRequestInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether each connection's stream is read on a thread of its own (the default) rather than on the
    /// thread pool. A blocked thread waits for the network at no cost and is woken directly by the socket
    /// engine, which took the CPU per received message to under half in Magpie's benchmarks; stanza handlers then
    /// run on that thread. A process holding many connections at once may prefer the pool: a thread each
    /// costs its stack and a little kernel memory.
    /// </summary>
    public bool DedicatedReadThread { get; init; } = true;

    /// <summary>The clock for keepalives, ack timers and reconnection delays; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    // ToString() masks the password (the record would print it otherwise): see RedactedMembers.
    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedMembers.Print(this, builder);

    /// <summary>Test seam: a fixed SCRAM client nonce, so transcripts can replay RFC vectors.</summary>
    internal string? ScramNonceForTests { get; init; }
}
