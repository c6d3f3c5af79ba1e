using Magpie.Cli.Rendering;
using Magpie.Cli.Commands;
using Magpie.Xmpp;
using Microsoft.Data.Sqlite;

namespace Magpie.Cli.Session;

/// <summary>Opens the local history for verbs that only add to it on the side (<c>send</c>, <c>listen</c>):
/// without a data directory there is none, and a history that cannot be opened costs a warning, not the verb.</summary>
internal static class LocalHistory
{
    /// <summary>The account's store, or null when the environment names no data directory or it cannot be opened.</summary>
    public static HistoryStore? TryOpen(CliContext context, Jid account)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HistoryPaths.DataDirectory(context.GetVariable) is not { } directory)
            return null;
        try
        {
            var store = HistoryStore.Open(directory, account);
            store.WriteFailed += (_, ex) => Report(context, ex);
            return store;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
        {
            context.Error.WriteLine("magpie: not keeping local history: " + SafeText.OneLine(ex.Message));
            return null;
        }
    }

    /// <summary>Stores a message, turning a database failure into a warning.</summary>
    /// <returns>True when the message is in the store now (committed, or already there).</returns>
    public static bool TryAdd(CliContext context, HistoryStore? store, HistoryMessage? message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is null || message is null)
            return false;
        try
        {
            store.Add(message);
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            Report(context, ex);
            return false;
        }
    }

    /// <summary>Queues a message to be stored (see <see cref="HistoryStore.Enqueue"/>), for callers on the
    /// connection's read thread; <paramref name="committed"/> runs once it is in the store (true) or storing
    /// failed (false, after a warning), in the order messages were queued.</summary>
    /// <returns>False when the message could not even be queued (the warning given, <paramref name="committed"/> not run).</returns>
    public static bool TryEnqueue(CliContext context, HistoryStore store, HistoryMessage message, Action<bool> committed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(committed);
        try
        {
            store.Enqueue(message, write =>
            {
                if (write.Exception?.InnerException is { } error)
                    Report(context, error);
                committed(write.IsCompletedSuccessfully);
            });
            return true;
        }
        catch (ObjectDisposedException ex)
        {
            Report(context, ex);
            return false;
        }
    }

    /// <summary>The warning for a message that is not in the local history.</summary>
    public static void Report(CliContext context, Exception error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Error.WriteLine("magpie: could not store a message in the local history: " + SafeText.OneLine(error.Message));
        context.Error.Flush();
    }

    /// <summary>Changes several sent messages' delivery state in one commit (queued together, waited for once),
    /// turning a database failure into a warning.</summary>
    public static void TrySetStates(CliContext context, HistoryStore? store, IReadOnlyList<string> messageIds, DeliveryState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(messageIds);
        if (store is null || messageIds.Count == 0)
            return;
        try
        {
            var writes = messageIds.Select(id => store.EnqueueDeliveryState(id, state)).ToArray();
            Task.WhenAll(writes).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            context.Error.WriteLine("magpie: could not update the local history: " + SafeText.OneLine(ex.Message));
        }
    }

    /// <summary>Changes a sent message's delivery state, turning a database failure into a warning.</summary>
    public static void TrySetState(CliContext context, HistoryStore? store, string messageId, DeliveryState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is null)
            return;
        try
        {
            store.SetDeliveryState(messageId, state);
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            context.Error.WriteLine("magpie: could not update the local history: " + SafeText.OneLine(ex.Message));
        }
    }
}
