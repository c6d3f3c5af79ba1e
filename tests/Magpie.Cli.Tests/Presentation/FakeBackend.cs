using System.Collections.Concurrent;
using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>Records what the view model asks of the network and lets a test play the server.</summary>
internal sealed class FakeBackend : IChatBackend
{
    public Jid Account { get; } = Jid.Parse("me@example.org/magpie");

    public IChatEventSink Sink { get; private set; } = null!;

    public List<ContactInfo> Contacts { get; } = [];

    public List<SubscriptionRequest> Requests { get; } = [];

    public ConcurrentQueue<string> Calls { get; } = new();

    public Exception? FailWith { get; set; }

    public void Attach(IChatEventSink sink) => Sink = sink;

    public IReadOnlyList<ContactInfo> GetContacts() => Contacts.ToList();

    public IReadOnlyList<SubscriptionRequest> GetPendingRequests() => Requests.ToList();

    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Record("connect");
        if (FailWith is { } ex)
        {
            // As the real backend: it says why it is offline, then throws.
            Sink.OnConnectionState(ConnectionStatus.Offline, ex.Message);
            return Task.FromException(ex);
        }
        Sink.OnConnectionState(ConnectionStatus.Online, null);
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        Record("disconnect");
        Sink.OnConnectionState(ConnectionStatus.Offline, null);
        return Task.CompletedTask;
    }

    public Task RegisterAsync(CancellationToken cancellationToken = default) => Record("register");

    public Task SendMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default) => Record($"send {to} {id} {body}");

    public Task SendCorrectionAsync(Jid to, string id, string replaceId, string body, CancellationToken cancellationToken = default) =>
        Record($"correct {to} {replaceId} {body}");

    public Task TypingAsync(Jid to, CancellationToken cancellationToken = default) => Record($"typing {to}");

    public Task SetConversationActiveAsync(Jid to, bool active, CancellationToken cancellationToken = default) =>
        Record((active ? "active " : "inactive ") + to);

    public Task LeaveConversationAsync(Jid to, CancellationToken cancellationToken = default) => Record($"gone {to}");

    public Task SetPresenceAsync(PresenceShow show, string? status, CancellationToken cancellationToken = default) => Record($"presence {show} {status}");

    public Task AddContactAsync(Jid jid, string? name, CancellationToken cancellationToken = default) => Record($"roster add {jid} {name}");

    public Task RemoveContactAsync(Jid jid, CancellationToken cancellationToken = default) => Record($"roster remove {jid}");

    public Task RequestSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default) => Record($"sub request {jid}");

    public Task ApproveSubscriptionAsync(Jid jid, CancellationToken cancellationToken = default) => Record($"sub approve {jid}");

    public Task DenySubscriptionAsync(Jid jid, CancellationToken cancellationToken = default) => Record($"sub deny {jid}");

    public Task<IReadOnlyList<string>> GetInfoAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        Record($"info {jid}");
        return Task.FromResult<IReadOnlyList<string>>(["Info for " + jid, "  software: \u001b[31mEvil\u202e 1.0"]);
    }

    public Task<Magpie.Xmpp.Extensions.Ping.PingResult> PingAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        Record($"ping {jid}");
        return Task.FromResult(new Magpie.Xmpp.Extensions.Ping.PingResult(TimeSpan.FromMilliseconds(1.25), false));
    }

    public Task DeleteAccountAsync(CancellationToken cancellationToken = default) => Record("delete-account");

    public bool CanQueueOffline { get; set; }

    public List<PastMessage> History { get; } = [];

    public Task QueueMessageAsync(Jid to, string id, string body, CancellationToken cancellationToken = default) => Record($"queue {to} {id} {body}");

    public IReadOnlyList<PastMessage> GetHistory(Jid peer, int limit) => History.TakeLast(limit).ToList();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public string[] CallList => Calls.ToArray();

    private Task Record(string call)
    {
        Calls.Enqueue(call);
        return FailWith is { } ex ? Task.FromException(ex) : Task.CompletedTask;
    }
}
