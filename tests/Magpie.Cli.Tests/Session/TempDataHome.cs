using Magpie.Cli.Session;
using Magpie.Xmpp;
using IO = System.IO;

namespace Magpie.Cli.Tests.Session;

/// <summary>A throw-away XDG_DATA_HOME, and stores opened in it.</summary>
internal sealed class TempDataHome : IDisposable
{
    public static readonly Jid Account = Jid.Parse("juliet@example.com/balcony");

    public string Root { get; } = IO.Directory.CreateTempSubdirectory("magpie-history-").FullName;

    public string Directory => HistoryPaths.DataDirectory(name => name == "XDG_DATA_HOME" ? Root : null)!;

    public HistoryStore Open(Jid? account = null) => HistoryStore.Open(Directory, account ?? Account);

    public void Dispose() => IO.Directory.Delete(Root, recursive: true);
}
