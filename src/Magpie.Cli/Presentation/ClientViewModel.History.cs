using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>The local-history half of the screen model: a conversation window opens with its last lines.</summary>
internal sealed partial class ClientViewModel
{
    /// <summary>How many past lines a conversation window opens with.</summary>
    public const int HistoryLines = 50;

    private void LoadHistory(ConversationModel window)
    {
        IReadOnlyList<PastMessage> past;
        try
        {
            past = _backend.GetHistory(window.Peer!, HistoryLines);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A damaged history file must not keep the conversation from opening.
            window.Add(Notice("Local history unavailable: " + ex.Message));
            return;
        }
        if (past.Count == 0)
            return;
        foreach (var m in past)
        {
            ChatLine line;
            if (m.Outgoing)
            {
                var own = OwnLine(m.Body, m.Id);
                line = new ChatLine(m.Time, own.Kind, own.Sender, own.Runs, m.Id);
            }
            else if (MeCommand.TryGetAction(m.Body, out var action))
                line = new ChatLine(m.Time, LineKind.Action, window.Title, Runs(action, null), m.Id);
            else
                line = new ChatLine(m.Time, LineKind.Theirs, window.Title, Runs(m.Body, null), m.Id);
            window.Add(line);
        }
        window.Add(new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun($"— {past.Count} earlier messages from the local history" + (past.Any(p => p.Queued) ? "; some still wait in the outbox" : "") + " —", TextStyles.None)]));
    }

    private void LoadRoomHistory(ConversationModel window)
    {
        IReadOnlyList<PastMessage> past;
        try
        {
            past = Rooms.GetHistory(window.Peer!, HistoryLines);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            window.Add(Notice("Local history unavailable: " + ex.Message));
            return;
        }
        if (past.Count == 0)
            return;
        foreach (var m in past)
        {
            var nick = SafeText.OneLine(m.Nick ?? "");
            window.Add(MeCommand.TryGetAction(m.Body, out var action)
                ? new ChatLine(m.Time, LineKind.Action, nick, Runs(action, null), m.Id)
                : new ChatLine(m.Time, m.Outgoing ? LineKind.Mine : LineKind.Theirs, nick, Runs(m.Body, null), m.Id));
        }
        window.Add(new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun($"— {past.Count} earlier messages from the local history —", TextStyles.None)]));
    }
}
