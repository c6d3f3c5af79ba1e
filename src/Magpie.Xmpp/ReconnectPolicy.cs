namespace Magpie.Xmpp;

/// <summary>
/// When and how an <see cref="XmppClient"/> reconnects after losing an established session without being asked
/// to: exponential backoff from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, each delay shortened by
/// a random part of up to <see cref="Jitter"/> so that many clients cut at once do not return in lockstep.
/// </summary>
/// <remarks>Delays are waited on <see cref="XmppClientOptions.TimeProvider"/>, so tests can drive them.</remarks>
public sealed class ReconnectPolicy
{
    /// <summary>No reconnection: a lost session stays lost (the default).</summary>
    public static ReconnectPolicy Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether to reconnect at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The wait before the first attempt.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Each failed attempt multiplies the delay by this (at least 1).</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>The fraction (0 to 1) of each delay that is random: a delay d becomes d·(1 − Jitter·r), r in [0, 1).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Gives up after this many failed attempts in a row (a session lost before <see cref="StableAfter"/>
    /// counts as one); null never gives up.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>How long a session must last for its loss to start the backoff again from <see cref="InitialDelay"/>.
    /// A session lost sooner (say, the client refuses what the server sends right after each login) continues the
    /// backoff where it was, and counts as a failed attempt for <see cref="MaxAttempts"/>: a login that succeeds
    /// does not by itself make the next failure a first one.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gives up once the client has refused the server's stream (restricted or malformed XML, a broken
    /// limit, an encoding other than UTF-8, a broken counter…) this many times in a row for the same reason:
    /// reconnecting would only repeat it. Null never gives up for that.</summary>
    public int? MaxIdenticalFailures { get; init; } = 5;

    /// <summary>How many stanzas <see cref="XmppClient.SendAsync"/> may queue in memory while reconnecting;
    /// beyond that it throws <see cref="XmppNotConnectedException"/>.</summary>
    public int MaxQueuedStanzas { get; init; } = 1000;

    /// <summary>The delay before attempt number <paramref name="attempt"/> (1 for the first).</summary>
    /// <param name="attempt">The attempt, counted from 1.</param>
    /// <param name="random">A number in [0, 1) for the jitter.</param>
    public TimeSpan GetDelay(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var growth = Math.Pow(Math.Max(1, Multiplier), Math.Min(attempt - 1, 64));
        var ticks = Math.Min(InitialDelay.Ticks * growth, MaxDelay.Ticks);
        var jitter = Math.Clamp(Jitter, 0, 1) * Math.Clamp(random, 0, 1);
        return TimeSpan.FromTicks((long)Math.Max(0, ticks * (1 - jitter)));
    }
}
