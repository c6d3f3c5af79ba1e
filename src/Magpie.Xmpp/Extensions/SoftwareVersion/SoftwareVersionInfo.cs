namespace Magpie.Xmpp.Extensions.SoftwareVersion;

/// <summary>XEP-0092: what software an entity runs. All values are untrusted text from the peer.</summary>
/// <param name="Name">The software's name.</param>
/// <param name="Version">Its version.</param>
/// <param name="OperatingSystem">The operating system, or null when not disclosed.</param>
public sealed record SoftwareVersionInfo(string Name, string Version, string? OperatingSystem = null);
