using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp.Im;

/// <summary>Raises extension events so that an application bug in a handler is logged, never thrown into
/// the dispatcher (where it would turn a roster push into an error reply).</summary>
internal static class EventRaiser
{
    public static void Raise<T>(ILogger logger, object sender, EventHandler<T>? handler, T args)
    {
        if (handler is null)
            return;
        try
        {
            handler(sender, args);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "An event handler of {Sender} threw", sender.GetType().Name);
        }
    }
}
