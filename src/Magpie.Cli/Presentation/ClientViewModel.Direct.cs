using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;

namespace Magpie.Cli.Presentation;

/// <summary>Direct file transfer (XEP-0234 Jingle) on the screen: /sendfile --direct, offers answered with
/// /accept or /reject in the sender's conversation, each with the progress line of <see cref="Transfer"/>.</summary>
internal sealed partial class ClientViewModel
{
    private readonly IDirectFileService? _direct;
    private readonly List<(ConversationModel Window, IIncomingFile Offer)> _offers = []; // UI thread only

    /// <summary>Offers waiting for /accept or /reject (UI thread).</summary>
    internal int OffersPending => _offers.Count;

    /// <summary>Where /download and /accept save by default: ~/Downloads.</summary>
    internal static string DefaultDownloadFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Downloads");

    private void SendFileDirect(ConversationModel window, string path, string name)
    {
        if (_direct is null)
        {
            Notice(LineKind.Error, "Direct file transfer is not available on this connection.");
            return;
        }
        if (window.Kind != WindowKind.Chat || window.Peer is not { } peer)
        {
            Notice(LineKind.Error, "/sendfile --direct sends to one contact's client: use it in a conversation, not a room.");
            return;
        }
        Transfer(window, "Sending " + name + " directly", async (progress, ct) =>
        {
            var to = await _direct.FindReceiverAsync(peer, ct)
                ?? throw new NoReceiverException($"no client of {Safe(peer)} online advertises direct file transfer (Jingle, XEP-0234); /sendfile PATH uploads it instead.");
            await _direct.SendAsync(to, path, progress, ct);
            return $"sent to {Safe(to)}, SHA-256 confirmed by the receiver.";
        }, ex => ex switch
        {
            NoReceiverException => $"Not sent: {ex.Message}",
            FileTransferException { Failure: FileTransferFailure.Declined } => $"{name}: declined by {Safe(peer)}.",
            _ => null,
        });
    }

    /// <inheritdoc />
    public void OnFileOffer(IIncomingFile offer) => _ui.Post(() =>
    {
        var window = OpenChat(offer.Peer, focus: false);
        _offers.Add((window, offer));
        Add(window, Notice($"{offer.Peer} offers the file {SafeText.OneLine(offer.Name)} ({Size(offer.Size)}): " +
                           $"/accept saves it in {DefaultDownloadFolder}, /reject declines it."));
        RaiseChanged();
    });

    /// <inheritdoc />
    public void OnFileOfferRefused(Jid from, string? name, long? size, string reason) => _ui.Post(() =>
    {
        var window = OpenChat(from, focus: false);
        Add(window, Notice($"Declined {(name is null ? "a file" : SafeText.OneLine(name))}{(size is { } s ? $" ({Size(s)})" : "")} " +
                           $"offered by {from} without asking: {reason}"));
        RaiseChanged();
    });

    internal void AcceptFile(string args)
    {
        if (TakeOffer("accept") is not { } offer)
            return;
        var window = Active;
        var name = SafeText.OneLine(offer.Name);
        var folder = args.Trim().Trim('"') is { Length: > 0 } dir ? dir : DefaultDownloadFolder;
        if (folder.StartsWith('~'))
            folder = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + folder[1..];
        Transfer(window, "Receiving " + name, async (progress, ct) =>
        {
            var saved = await offer.AcceptAsync(folder, progress, ct);
            return $"SHA-256 checked, saved to {saved}";
        }, ex => ex switch
        {
            FileTransferException { KeptAsidePath: { } aside } => $"{name} from {Safe(offer.Peer)}: the SHA-256 does not match; kept aside as {aside}.",
            _ => null,
        });
    }

    internal void RejectFile()
    {
        if (TakeOffer("reject") is not { } offer)
            return;
        Notice(LineKind.Notice, $"Declined {SafeText.OneLine(offer.Name)} from {Safe(offer.Peer)}.");
        Run("Declining " + SafeText.OneLine(offer.Name), ct => offer.RejectAsync(ct));
    }

    /// <summary>The oldest offer made in the window shown, removed from the waiting list; null (and said) when none.</summary>
    private IIncomingFile? TakeOffer(string verb)
    {
        // Offers the sender withdrew, or that expired unanswered, can no longer be answered: say so and drop them.
        foreach (var gone in _offers.Where(o => o.Window == Active && !o.Offer.IsPending).ToList())
        {
            _offers.Remove(gone);
            Notice(LineKind.Notice, $"The offer of {SafeText.OneLine(gone.Offer.Name)} from {Safe(gone.Offer.Peer)} was withdrawn or expired.");
        }
        var index = _offers.FindIndex(o => o.Window == Active);
        if (index < 0)
        {
            Notice(LineKind.Error, $"No file offered in this window to {verb}.");
            return null;
        }
        var offer = _offers[index].Offer;
        _offers.RemoveAt(index);
        return offer;
    }

    private static string Size(long bytes) =>
        bytes < 1024 ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes"
        : bytes < 1 << 20 ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB"
        : (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>No client of the contact can take a direct transfer.</summary>
    private sealed class NoReceiverException(string message) : Exception(message);
}
