using Magpie.Cli.Session;
using Magpie.Xmpp;

namespace Magpie.Cli.Commands;

/// <summary>
/// Per account, whether its server offered SCRAM at an earlier login (kept by <see cref="AccountStore"/>). If it did,
/// the next logins require SCRAM (<see cref="XmppClientOptions.RequireScram"/>): a server that suddenly offers only
/// PLAIN would be handed the password itself, which is what an impostor holding a trusted certificate, or a
/// compromised server, is after. <c>--allow-downgrade</c> lets such a login go ahead, and the new offer is remembered.
/// </summary>
internal sealed class SaslMemory
{
    private readonly AccountStore? _store;
    private readonly string _account;
    private readonly TextWriter _warnings;

    private SaslMemory(AccountStore? store, string account, bool requireScram, TextWriter warnings)
    {
        _store = store;
        _account = account;
        RequireScram = requireScram;
        _warnings = warnings;
    }

    /// <summary>Whether this login must use SCRAM.</summary>
    public bool RequireScram { get; }

    /// <summary>Reads what is remembered for <paramref name="jid"/>. An unreadable memory is reported and treated as empty.</summary>
    public static SaslMemory Open(CliContext context, Jid jid, bool allowDowngrade) =>
        Open(AccountStore.FromGivenEnvironment(context.GetVariable), jid, allowDowngrade, context.Error);

    /// <summary>Reads what <paramref name="store"/> remembers for <paramref name="jid"/> (null: nothing is remembered
    /// or kept); problems are reported to <paramref name="warnings"/>.</summary>
    public static SaslMemory Open(AccountStore? store, Jid jid, bool allowDowngrade, TextWriter warnings)
    {
        var account = jid.Bare.ToString();
        var remembered = false;
        try
        {
            remembered = store is not null && store.RememberedScram(account).Count > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.WriteLine($"magpie: warning: cannot read {store!.SaslMemoryPath}: {ex.Message}");
        }
        return new SaslMemory(store, account, remembered && !allowDowngrade, warnings);
    }

    /// <summary><paramref name="options"/>, made to require SCRAM when this account's server offered it before.</summary>
    public XmppClientOptions Apply(XmppClientOptions options) =>
        RequireScram && !options.RequireScram ? options with { RequireScram = true } : options;

    /// <summary>Remembers the server's offer after a successful login; a failure to write is only a warning.</summary>
    public void Remember(IReadOnlyList<string> offered)
    {
        if (_store is null || offered.Count == 0)
            return;
        try
        {
            _store.RememberOffer(_account, offered);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _warnings.WriteLine($"magpie: warning: cannot write {_store.SaslMemoryPath}: {ex.Message}");
        }
    }
}
