namespace Magpie.Xmpp.Extensions.Ping;

/// <summary>XEP-0199: the outcome of a ping that got an answer.</summary>
/// <param name="RoundTrip">Time from sending the ping to reading its answer.</param>
/// <param name="AnsweredWithError">True when the entity answered with <c>service-unavailable</c> or
/// <c>feature-not-implemented</c>: it does not support pings, but it is there (XEP-0199 §4.3), so the
/// round trip is still meaningful.</param>
public sealed record PingResult(TimeSpan RoundTrip, bool AnsweredWithError);
