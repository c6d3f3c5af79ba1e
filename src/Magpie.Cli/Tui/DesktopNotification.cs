using System.Diagnostics;

namespace Magpie.Cli.Tui;

/// <summary>
/// A desktop notification through <c>notify-send</c> when there is a desktop session to show it in.
/// Fire and forget: the process is started and never waited for, so a slow or missing notification
/// daemon can never freeze the interface (profanity's libnotify stalls are the lesson). The text is
/// fixed, not the message: other people's words stay out of the desktop's notification history.
/// </summary>
internal static class DesktopNotification
{
    private static readonly string? s_notifySend = Find();

    public static void Show(string title, string body)
    {
        if (s_notifySend is null || Environment.GetEnvironmentVariable("MAGPIE_NO_DESKTOP_NOTIFY") is not null)
            return;
        if (Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS") is null && Environment.GetEnvironmentVariable("DISPLAY") is null
            && Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is null)
            return;
        try
        {
            var start = new ProcessStartInfo(s_notifySend) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("--app-name=magpie");
            start.ArgumentList.Add(title);
            start.ArgumentList.Add(body);
            using var process = Process.Start(start);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // Notifications are a nicety.
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "notify-send");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
