using System.Threading.Channels;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Muc;

namespace Magpie.Cli.Commands;

/// <summary>
/// The per-session start-up of a long-running verb (initial presence, carbons, joining a room): done on the
/// session there is now, and again on every new (not resumed) session after it. A connection that drops at
/// any point of it is repaired like one that drops later: the library reconnects, and the start-up is done
/// again on the session that follows, instead of the failure ending the verb. Failures that are not the
/// connection's doing (a refusal, no answer on a healthy connection) still end the verb when they happen the
/// first time; later, with the verb already running, they are reported and the verb goes on.
/// </summary>
internal sealed class SessionStartup : IDisposable
{
    private readonly XmppClient _client;
    private readonly Func<CancellationToken, Task> _startUp;
    private readonly Action<Exception> _laterFailure;
    private readonly Channel<bool> _sessions = Channel.CreateUnbounded<bool>();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private int _losses;

    private SessionStartup(XmppClient client, Func<CancellationToken, Task> startUp, Action<Exception> laterFailure, CancellationToken cancellationToken)
    {
        _client = client;
        _startUp = startUp;
        _laterFailure = laterFailure;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        client.SessionStarted += OnSessionStarted;
        client.ConnectionStateChanged += OnStateChanged;
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>Completes once the start-up has succeeded on some session; fails with the first failure that
    /// was not caused by the connection dropping; is cancelled with the token.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Starts the start-up on <paramref name="client"/>'s current session (it must be connected).</summary>
    /// <param name="client">The connected client, with reconnection on.</param>
    /// <param name="startUp">What each new session needs; it must be safe to do again.</param>
    /// <param name="laterFailure">Told of a failure on a later session that was not the connection's doing.</param>
    /// <param name="cancellationToken">Stops it (the verb's deadline).</param>
    public static SessionStartup Start(XmppClient client, Func<CancellationToken, Task> startUp, Action<Exception> laterFailure, CancellationToken cancellationToken) =>
        new(client, startUp, laterFailure, cancellationToken);

    /// <summary>Whether <paramref name="error"/>, thrown by a start-up step, is the connection's doing:
    /// the session it was waiting on ended, or it gave up waiting while a connection was lost in between.</summary>
    /// <param name="error">What the step threw.</param>
    /// <param name="lostMeanwhile">Whether a connection was lost while the step ran.</param>
    internal static bool IsCausedByLoss(Exception error, bool lostMeanwhile) => error switch
    {
        XmppNotConnectedException or XmppConnectionException => true,
        // An answer that never came because the connection it was asked on went away.
        TimeoutException or MucJoinException { Reason: MucJoinError.Timeout } => lostMeanwhile,
        _ => false,
    };

    public void Dispose()
    {
        _client.SessionStarted -= OnSessionStarted;
        _client.ConnectionStateChanged -= OnStateChanged;
        _sessions.Writer.TryComplete();
        _stop.Cancel();
        _ready.TrySetCanceled(_stop.Token);
        _stop.Dispose();
    }

    private void OnSessionStarted(object? sender, SessionStartedEventArgs e) => _sessions.Writer.TryWrite(e.IsResumed);

    private void OnStateChanged(object? sender, ConnectionStateChangedEventArgs e)
    {
        if (e.State == ConnectionState.Disconnected)
            Interlocked.Increment(ref _losses);
    }

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        var needed = true;
        try
        {
            while (true)
            {
                if (needed)
                {
                    var losses = Volatile.Read(ref _losses);
                    try
                    {
                        await _startUp(token).ConfigureAwait(false);
                        needed = false;
                        _ready.TrySetResult();
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested && IsCausedByLoss(ex, Volatile.Read(ref _losses) != losses || !_client.IsConnected))
                    {
                        // Done again on the session that follows (a resumed one too: this one did not finish).
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested && !_ready.Task.IsCompleted)
                    {
                        _ready.TrySetException(ex);
                        return;
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        needed = false;
                        _laterFailure(ex);
                    }
                }
                // A resumed session kept what the start-up set up on the server; a new one did not.
                var resumed = await _sessions.Reader.ReadAsync(token).ConfigureAwait(false);
                needed |= !resumed;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            _ready.TrySetCanceled();
        }
    }
}
