using System.Collections.Concurrent;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Routing;

/// <summary>
/// Matches IQ answers to the requests waiting for them, by id <em>and</em> sender, so that a third party
/// that guesses an id cannot forge an answer (RFC 6120 §8.2.3; slixmpp's MatchIDSender idea).
/// </summary>
internal sealed class IqTracker
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    private sealed record Pending(Jid? ExpectedFrom, TaskCompletionSource<Iq> Completion, Action<Iq>? OnAnswer);

    public int Count => _pending.Count;

    /// <summary>Registers a request before it is sent; the task completes with the answer.</summary>
    /// <param name="id">The request's id.</param>
    /// <param name="to">Where it goes (who may answer).</param>
    /// <param name="onAnswer">Runs on the dispatcher as the answer is matched, before anything that follows it in
    /// the stream is delivered (the awaiting code runs later, concurrently with that); must not block or throw.</param>
    public Task<Iq> Register(string id, Jid? to, Action<Iq>? onAnswer = null)
    {
        var completion = new TaskCompletionSource<Iq>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(id, new Pending(to, completion, onAnswer)))
            throw new InvalidOperationException($"An IQ with id '{id}' is already waiting for its answer.");
        return completion.Task;
    }

    /// <summary>Forgets a request (timeout, cancellation, send failure).</summary>
    public void Remove(string id) => _pending.TryRemove(id, out _);

    /// <summary>Completes the matching request. Returns false for an answer nobody waits for or from the
    /// wrong sender (the caller drops it).</summary>
    public bool TryComplete(Iq answer, Jid? self)
    {
        if (answer.Id is not { } id || !_pending.TryGetValue(id, out var pending))
            return false;
        if (!IsExpectedSender(answer.From, pending.ExpectedFrom, self))
            return false;
        if (!_pending.TryRemove(new KeyValuePair<string, Pending>(id, pending)))
            return false;
        pending.OnAnswer?.Invoke(answer);
        pending.Completion.TrySetResult(answer);
        return true;
    }

    /// <summary>Fails every waiting request, for example when the stream is gone.</summary>
    public void FailAll(Exception error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
                pending.Completion.TrySetException(error);
        }
    }

    internal static bool IsExpectedSender(Jid? from, Jid? expected, Jid? self)
    {
        // A request to our server or our own account (no 'to', our bare JID or domain) may be answered
        // without 'from', or from our bare JID, our full JID or our domain.
        var toOwnAccount = expected is null
            || (self is not null && (expected == self.Bare || expected == self || (expected.Local is null && expected.Domain == self.Domain && expected.Resource is null)));
        if (toOwnAccount)
        {
            if (from is null)
                return true;
            if (self is null)
                return from.Local is null && from.Resource is null;
            if (expected is not null && from == expected)
                return true;
            return from == self.Bare || from == self || (from.Local is null && from.Resource is null && from.Domain == self.Domain);
        }
        if (from is null)
            return false;
        if (from == expected)
            return true;
        // A request to a bare JID may be answered by one of that account's resources.
        return expected!.IsBare && from.Bare == expected;
    }
}
