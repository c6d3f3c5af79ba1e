using System.Buffers;
using System.Net;

namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>Request content that streams a known number of bytes from a stream through one pooled buffer,
/// so memory does not grow with the file, and reports progress after every chunk.</summary>
internal sealed class ProgressContent(Stream source, long size, IProgress<TransferProgress>? progress, Action onChunk) : HttpContent
{
    private const int ChunkSize = 64 * 1024;
    private readonly long _start = source.CanSeek ? source.Position : 0;
    private long _reported = -1;
    private int _attempts;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient may send the content again (a retried connection); start from the beginning then.
        if (_attempts++ > 0)
        {
            if (!source.CanSeek)
                throw new IOException("The upload had to be retried but its source cannot be rewound.");
            source.Position = _start;
        }
        Report(0);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long sent = 0;
            while (sent < size)
            {
                var want = (int)Math.Min(buffer.Length, size - sent);
                var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    throw new IOException($"The file ended after {sent} of {size} bytes: was it changed during the upload?");
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                onChunk();
                Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }

    // Reports only forward motion, so a retried send never makes progress go backwards.
    private void Report(long sent)
    {
        if (sent <= _reported)
            return;
        _reported = sent;
        progress?.Report(new TransferProgress(sent, size));
    }
}
