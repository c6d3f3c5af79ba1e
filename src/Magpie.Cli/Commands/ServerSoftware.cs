namespace Magpie.Cli.Commands;

/// <summary>A XEP-0092 answer: unsanitised, as the server sent it.</summary>
internal sealed record ServerSoftware(string Name, string? Version, string? Os)
{
    /// <summary>"Prosody 0.12.4 (Linux)" for humans.</summary>
    public string Describe() =>
        Name + (Version is null ? "" : " " + Version) + (Os is null ? "" : $" ({Os})");
}
