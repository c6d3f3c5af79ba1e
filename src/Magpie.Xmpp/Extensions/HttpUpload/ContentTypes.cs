namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>A small extension → MIME type table: enough for receivers to show pictures inline; anything
/// else is <c>application/octet-stream</c>.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".svg"] = "image/svg+xml", [".txt"] = "text/plain", [".pdf"] = "application/pdf",
        [".mp3"] = "audio/mpeg", [".ogg"] = "audio/ogg", [".opus"] = "audio/ogg", [".m4a"] = "audio/mp4",
        [".mp4"] = "video/mp4", [".webm"] = "video/webm", [".zip"] = "application/zip", [".json"] = "application/json",
    };

    public static string Guess(string path) =>
        ByExtension.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
}
