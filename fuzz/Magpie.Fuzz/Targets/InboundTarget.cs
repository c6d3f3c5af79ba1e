using System.Collections;
using System.Reflection;
using System.Text;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Extensions.Blocking;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Extensions.Capabilities;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Extensions.Ping;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Extensions.Register;
using Magpie.Xmpp.Extensions.SoftwareVersion;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.VCardTemp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Transport;
using Microsoft.Extensions.Logging;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// Every extension's payload parser, reached the way a peer reaches it: a client with all extensions on logs in over
/// the transcript kit's in-memory stream (<see cref="ReplayStream"/>, the login of <see cref="ReplayHarness"/>), and the
/// input arrives from the server after bind, followed by a ping that marks its end; then the server hangs up. Input: a mode byte (bits 0–1: the
/// server's bytes are delivered whole, byte by byte or in random chunks), then what the server sends: stanzas, usually.
/// Every public event of the client and of each extension is handled by reading every property of its arguments, and
/// every static payload accessor of the extensions (<c>OutOfBand.GetLink</c>, <c>ChatStates.Get</c>, …) is applied to
/// each message and presence.
/// Oracles: no exception escapes to the log (a handler or dispatcher that threw) unless it is one of the library's
/// documented <see cref="XmppException"/>s; the session ends, if it ends, with an <see cref="XmppException"/>; reading
/// event arguments and payload accessors throws nothing undocumented; the client answers the closing ping or
/// disconnects within the time limit (no hang); time and memory bounded; no task fails unobserved.
/// </summary>
public static class InboundTarget
{
    private const string EndId = "fuzz-end";
    private static readonly string EndPing = $"<iq type='get' id='{EndId}' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>";
    private static readonly MethodInfo[] Accessors = typeof(XmppClient).Assembly.GetExportedTypes()
        .Where(t => t.Namespace?.StartsWith("Magpie.Xmpp.Extensions", StringComparison.Ordinal) == true)
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.ReturnType != typeof(void) && !m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var p }] && typeof(Stanza).IsAssignableFrom(p))
        .ToArray();
    private static AggregateException? s_unobserved;

    static InboundTarget()
    {
        TaskScheduler.UnobservedTaskException += (_, e) => s_unobserved ??= e.Exception;
    }

    /// <summary>The static payload accessors applied to every stanza (for the docs and the tests).</summary>
    public static IReadOnlyList<string> AccessorNames => Accessors.Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();

    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var delivery = (data[0] & 3) switch { 1 => ReplayDelivery.ByteByByte, 2 => ReplayDelivery.RandomChunks, _ => ReplayDelivery.Whole };
        // The payload is served as bytes: the transcript kit's text blocks cannot carry invalid UTF-8, so it is
        // decoded leniently here, and the stream reader still sees whatever characters result.
        var payload = Input.Utf8Text(data.AsSpan(1));
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(10), 64 << 20, 4000, () => RunAsync(payload, delivery).GetAwaiter().GetResult());
    }

    private static async Task RunAsync(string payload, ReplayDelivery delivery)
    {
        var findings = new Findings();
        var transcript = Transcript.FromBlocks("fuzz", [.. Transcript.Parse(ReplayHarness.LoginPreamble, "login").Blocks,
            new TranscriptBlock(false, payload, 0), new TranscriptBlock(false, EndPing, 0)]);
        // After the closing ping the server hangs up: a payload that leaves a stanza open legitimately makes the client
        // wait for more, and the end of the connection is what then must end the session (or it hangs).
        var stream = new ReplayStream(transcript, delivery) { AllowTrailingClientOutput = true, EndOfStreamAtEnd = true };
        // The server hangs up as soon as the client closes its stream, rather than leaving it to wait for our tag.
        var trace = new EndTrace(() => stream.Dispose());
        var client = new XmppClient(new XmppClientOptions
        {
            Jid = ReplayHarness.Account,
            Password = "secret",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ProtocolTrace = trace,
            ResponseTimeout = TimeSpan.FromSeconds(2),
            LoggerFactory = findings,
        });
        var extensions = UseAll(client);
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => ended.TrySetResult(e.Error);
        foreach (var source in extensions.Prepend<object>(client))
            Observe(source, findings);
        client.MessageReceived += (_, m) => Apply(m, findings);
        client.PresenceReceived += (_, p) => Apply(p, findings);
        try
        {
            try
            {
                await client.ConnectAsync(stream, new XmppEndpoint("example.com", 5223, DirectTls: true), ReplayHarness.FakeTls).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The payload arrives right behind the bind result, so it may end the login itself.
                Oracle.Allow(ex, "ConnectAsync", typeof(XmppException));
                return;
            }
            var done = await Task.WhenAny(trace.Answered, ended.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            if (done == ended.Task && ended.Task.Result is { } error && error is not XmppException)
                throw new FuzzFinding("the session ended with an undocumented exception", error);
            if (done != trace.Answered && done != ended.Task)
                throw new FuzzFinding("hang: the server hung up, but within 5 s the client neither answered the closing ping nor ended the session");
        }
        finally
        {
            await client.DisposeAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        findings.ThrowIfAny();
        // A fire-and-forget task that failed with a documented error is harmless (the runtime ignores it); anything
        // else is a bug that nobody would see.
        if (Interlocked.Exchange(ref s_unobserved, null) is { } unobserved && unobserved.Flatten().InnerExceptions.Any(e => e is not (XmppException or OperationCanceledException)))
            throw new FuzzFinding("a task failed unobserved: " + unobserved.Flatten().InnerExceptions[0], unobserved);
    }

    private static List<IXmppExtension> UseAll(XmppClient client) =>
    [
        client.Use(new DiscoExtension()),
        client.Use(new CapabilitiesExtension()),
        client.Use(new RosterManager()),
        client.Use(new PresenceManager()),
        client.Use(new SubscriptionManager()),
        client.Use(new RegistrationExtension()),
        client.Use(new BookmarksExtension()),
        client.Use(new MucExtension()),
        client.Use(new SoftwareVersionExtension()),
        client.Use(new MamExtension()),
        client.Use(new VCardExtension()),
        client.Use(new CorrectionExtension()),
        client.Use(new OutOfBandExtension()),
        client.Use(new ReceiptsExtension()),
        client.Use(new HttpUploadExtension()),
        client.Use(new CarbonsExtension()),
        client.Use(new PingExtension()),
        client.Use(new DataFormsExtension()),
        client.Use(new ChatStatesExtension()),
        client.Use(new StanzaIdsExtension()),
        client.Use(new BlockingExtension()),
    ];

    /// <summary>Handles every public event of <paramref name="source"/> by reading its arguments through.</summary>
    private static void Observe(object source, Findings findings)
    {
        foreach (var e in source.GetType().GetEvents(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = e.EventHandlerType!;
            var invoke = type.GetMethod("Invoke")!;
            if (invoke.GetParameters() is not [_, { ParameterType: var argsType }])
                continue;
            var handler = Delegate.CreateDelegate(type, new Walker(findings, source.GetType().Name + "." + e.Name),
                typeof(Walker).GetMethod(nameof(Walker.Handle))!.MakeGenericMethod(argsType));
            e.AddEventHandler(source, handler);
        }
    }

    /// <summary>Applies every static payload accessor to a stanza and reads what it returns.</summary>
    private static void Apply(Stanza stanza, Findings findings)
    {
        foreach (var accessor in Accessors)
        {
            if (!accessor.GetParameters()[0].ParameterType.IsInstanceOfType(stanza))
                continue;
            object? result;
            try
            {
                result = accessor.Invoke(null, [stanza]);
            }
            catch (TargetInvocationException ex)
            {
                findings.Add($"{accessor.DeclaringType!.Name}.{accessor.Name}", ex.InnerException!);
                continue;
            }
            Walker.Read(result, findings, $"{accessor.DeclaringType!.Name}.{accessor.Name}", 0);
        }
    }

    private sealed class Walker(Findings findings, string where)
    {
        public void Handle<T>(object? sender, T args) => Read(args, findings, where, 0);

        /// <summary>Reads every public property of the library's own types, to a small depth.</summary>
        public static void Read(object? value, Findings findings, string where, int depth)
        {
            if (value is null || depth > 4)
                return;
            var type = value.GetType();
            if (value is string || type.IsPrimitive || type.IsEnum)
                return;
            if (value is IEnumerable items && type.Namespace?.StartsWith("Magpie.", StringComparison.Ordinal) != true)
            {
                var n = 0;
                foreach (var item in items)
                {
                    if (n++ >= 16)
                        break;
                    Read(item, findings, where + "[]", depth + 1);
                }
                return;
            }
            if (type.Namespace?.StartsWith("Magpie.Xmpp", StringComparison.Ordinal) != true)
                return;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0)
                    continue;
                object? child;
                try
                {
                    child = property.GetValue(value);
                }
                catch (TargetInvocationException ex)
                {
                    findings.Add($"{where} → {type.Name}.{property.Name}", ex.InnerException!);
                    continue;
                }
                Read(child, findings, where + "." + property.Name, depth + 1);
            }
        }
    }

    /// <summary>Completes when the client answers the closing ping; hangs up when it closes its stream.</summary>
    private sealed class EndTrace(Action closed) : IProtocolTrace
    {
        private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Answered => _answered.Task;
        public void Sent(string xml)
        {
            if (xml.Contains($"id=\"{EndId}\"", StringComparison.Ordinal) || xml.Contains($"id='{EndId}'", StringComparison.Ordinal))
                _answered.TrySetResult();
            if (xml.Contains("</stream:stream>", StringComparison.Ordinal))
                closed();
        }
        public void Received(ReadOnlySpan<byte> data) { }
    }

    /// <summary>The log as an oracle: an exception logged by the library (a handler or the dispatcher threw) is a
    /// finding unless it is a documented <see cref="XmppException"/>; so is an exception from reading event arguments.</summary>
    private sealed class Findings : ILoggerFactory, ILogger
    {
        private readonly List<string> _found = [];

        public void Add(string where, Exception ex)
        {
            lock (_found)
                _found.Add($"{where}: {ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
        }

        public void ThrowIfAny()
        {
            lock (_found)
            {
                if (_found.Count > 0)
                    throw new FuzzFinding(string.Join("\n", _found));
            }
        }

        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || exception is XmppException or OperationCanceledException)
                return;
            if (logLevel >= LogLevel.Warning)
                Add("logged: " + formatter(state, exception), exception);
        }
    }
}
