namespace Magpie.Xmpp.StreamManagement;

/// <summary>
/// XEP-0198 bookkeeping for one stream-management session, which outlives the TCP connections it is resumed
/// over: the count of stanzas we handled, the count we sent, and the sent stanzas not yet acknowledged (kept
/// as their serialized bytes, so a resend is byte-identical and keeps the original ids).
/// </summary>
/// <remarks>All counters are unsigned 32-bit and wrap (XEP-0198 §4: "mod 2^32"); comparisons are made as
/// distances from the last acknowledged value, so wrapping never looks like going backwards. Thread-safe:
/// the writer records, the reader acknowledges.</remarks>
internal sealed class StreamManagementState
{
    private readonly Lock _gate = new();
    private readonly Queue<Unacked> _unacked = new();
    private uint _inbound;
    private uint _sent;
    private uint _acked;
    private int _sinceRequest;
    private long? _resumeUnprovenSince;

    /// <summary>A sent stanza waiting for its acknowledgement; <paramref name="Sequence"/> is the send count
    /// once it was sent.</summary>
    public readonly record struct Unacked(uint Sequence, byte[] Bytes, bool IsMessage);

    public StreamManagementState(string? resumptionId, string? location = null)
    {
        ResumptionId = resumptionId;
        Location = location;
    }

    /// <summary>The SM-ID to resume with, or null when the server did not allow resumption.</summary>
    public string? ResumptionId { get; private set; }

    /// <summary>The server's preferred reconnection host, if it gave one (informational).</summary>
    public string? Location { get; }

    /// <summary>How many stanzas from the server we have handled (the 'h' we report).</summary>
    public uint Inbound { get { lock (_gate) return _inbound; } }

    /// <summary>How many stanzas we have sent in this SM session.</summary>
    public uint Sent { get { lock (_gate) return _sent; } }

    /// <summary>The last 'h' the server acknowledged.</summary>
    public uint Acknowledged { get { lock (_gate) return _acked; } }

    /// <summary>Set after a resumption until the server's first <c>&lt;a/&gt;</c> on the resumed stream (a
    /// <see cref="TimeProvider"/> timestamp of when it resumed), else null. Until then nothing proves that
    /// the server reads what we send: Prosody 0.12 feeds a resumed connection into the old connection's XML
    /// parser, and half a stanza left there by the cut swallows everything that follows.</summary>
    public long? ResumeUnprovenSince { get { lock (_gate) return _resumeUnprovenSince; } }

    /// <summary>Notes a resumption whose stream the server has not yet proved to read.</summary>
    public void MarkResumeUnproven(long timestamp)
    {
        lock (_gate)
            _resumeUnprovenSince = timestamp;
    }

    /// <summary>How many sent stanzas wait for an acknowledgement.</summary>
    public int UnackedCount { get { lock (_gate) return _unacked.Count; } }

    /// <summary>Test seam: starts the counters near a value (to test wrapping at 2^32).</summary>
    internal void SetCountersForTests(uint inbound, uint sent)
    {
        lock (_gate)
        {
            _inbound = inbound;
            _sent = sent;
            _acked = sent;
        }
    }

    /// <summary>Counts one handled inbound stanza.</summary>
    public void CountInbound()
    {
        lock (_gate)
            _inbound = unchecked(_inbound + 1);
    }

    /// <summary>Counts one outbound stanza and keeps it until acknowledged.</summary>
    public void RecordSent(byte[] bytes, bool isMessage)
    {
        lock (_gate)
        {
            _sent = unchecked(_sent + 1);
            _sinceRequest++;
            _unacked.Enqueue(new Unacked(_sent, bytes, isMessage));
        }
    }

    /// <summary>True (and resets the count) when <paramref name="every"/> stanzas went out since the last ack request.</summary>
    public bool TakeAckRequestDue(int every)
    {
        lock (_gate)
        {
            if (_sinceRequest < every)
                return false;
            _sinceRequest = 0;
            return true;
        }
    }

    /// <summary>Notes that an ack request went out for another reason (timer, keepalive).</summary>
    public void NoteAckRequested()
    {
        lock (_gate)
            _sinceRequest = 0;
    }

    /// <summary>Applies an acknowledgement: drops every stanza up to <paramref name="h"/>.</summary>
    /// <returns>False, changing nothing, when <paramref name="h"/> acknowledges more than was sent: the
    /// peer is broken (XEP-0198 §6, handled-count-too-high).</returns>
    public bool TryAcknowledge(uint h)
    {
        lock (_gate)
        {
            var ahead = unchecked(h - _acked);
            if (ahead > unchecked(_sent - _acked))
                return false;
            while (_unacked.Count > 0 && unchecked(_unacked.Peek().Sequence - _acked) <= ahead)
                _unacked.Dequeue();
            _acked = h;
            _resumeUnprovenSince = null; // the server parsed our <r/>: its side of the resumed stream works
            return true;
        }
    }

    /// <summary>After a successful resumption (the server's 'h' applied): takes every stanza still unacked
    /// for resending, and rewinds the send count to the acknowledged one, since the server will count the
    /// resent stanzas again.</summary>
    public List<Unacked> TakeForResume()
    {
        lock (_gate)
        {
            var all = _unacked.ToList();
            _unacked.Clear();
            _sent = _acked;
            _sinceRequest = 0;
            return all;
        }
    }

    /// <summary>When the session cannot be resumed: takes the unacked messages (not IQs or presences,
    /// whose context is gone with the session) to send again on the new session, and forgets the rest.</summary>
    public List<Unacked> TakeMessagesForNewSession()
    {
        lock (_gate)
        {
            var messages = _unacked.Where(u => u.IsMessage).ToList();
            _unacked.Clear();
            ResumptionId = null;
            _resumeUnprovenSince = null;
            return messages;
        }
    }

    /// <summary>Makes the session non-resumable (after a clean close).</summary>
    public void ForgetResumption()
    {
        lock (_gate)
            ResumptionId = null;
    }
}
