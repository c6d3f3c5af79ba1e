using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Im;

namespace Magpie.Cli.Session;

/// <summary>Direct file transfer for the client screen: the library's <see cref="JingleFileTransferExtension"/>
/// (its size limit declines larger offers before the user is asked) on the backend's client.</summary>
internal sealed class XmppDirectFileService : IDirectFileService
{
    private readonly JingleFileTransferExtension _jingle;
    private readonly PresenceManager _presence;
    private readonly DiscoExtension _disco;
    private IDirectFileSink? _sink;

    /// <summary>Adds the extension to <paramref name="client"/>, whose presence and disco extensions are already in use.</summary>
    public XmppDirectFileService(XmppClient client, PresenceManager presence, DiscoExtension disco)
    {
        _presence = presence;
        _disco = disco;
        _jingle = client.Use(new JingleFileTransferExtension());
        _jingle.OfferReceived += (_, e) => _sink?.OnFileOffer(new Offer(e.Offer));
        _jingle.OfferRefused += (_, e) => _sink?.OnFileOfferRefused(e.Peer, e.File?.Name, e.File?.Size, e.Reason);
    }

    /// <inheritdoc />
    public void Attach(IDirectFileSink sink) => _sink = sink;

    /// <inheritdoc />
    public async Task<Jid?> FindReceiverAsync(Jid contact, CancellationToken cancellationToken = default)
    {
        if (!contact.IsBare)
            return contact;
        foreach (var r in _presence.Tracker.GetResources(contact).Values.OrderByDescending(r => r.Priority))
        {
            var full = contact.Bare.WithResource(r.Resource);
            try
            {
                var info = await _disco.GetInfoAsync(full, cancellationToken: cancellationToken);
                if (info.Features.Contains(JingleNamespaces.FileTransfer))
                    return full;
            }
            catch (Exception ex) when (ex is StanzaErrorException or XmppException)
            {
                // That client does not answer disco: not a candidate.
            }
        }
        return null;
    }

    /// <inheritdoc />
    public Task SendAsync(Jid to, string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default) =>
        _jingle.SendFileAsync(to, path, FileTransport.Socks5, progress, cancellationToken);

    private sealed class Offer(FileOffer offer) : IIncomingFile
    {
        public Jid Peer => offer.Peer;

        public string Name => offer.File.Name;

        public long Size => offer.File.Size;

        public bool IsPending => offer.IsPending;

        public async Task<string> AcceptAsync(string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default) =>
            (await offer.AcceptToFolderAsync(directory, progress, cancellationToken)).Path!;

        public Task RejectAsync(CancellationToken cancellationToken = default) => offer.RejectAsync(cancellationToken);
    }
}
