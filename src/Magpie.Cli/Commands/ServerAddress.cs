using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Magpie.Cli.Commands;

/// <summary>The value of <c>--server HOST[:PORT]</c>: a name, IPv4, or IPv6 (bracketed when a port follows).</summary>
/// <param name="Host">The host name or address, without brackets.</param>
/// <param name="Port">The port, or null for the default of the connection kind.</param>
internal sealed record ServerAddress(string Host, int? Port)
{
    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[v6]</c>, <c>[v6]:port</c> or a bare IPv6 address.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ServerAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "--server needs a host name or address.";
            return false;
        }
        string host;
        string? port = null;
        if (s[0] == '[')
        {
            var close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                error = $"--server '{s}': an IPv6 address in brackets needs its closing ']'.";
                return false;
            }
            host = s[1..close];
            var rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = $"--server '{s}': expected ':PORT' after ']'.";
                    return false;
                }
                port = rest[1..];
            }
        }
        else
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && s.IndexOf(':', colon + 1) >= 0)
                host = s; // several colons and no brackets: a bare IPv6 address without a port
            else if (colon >= 0)
            {
                host = s[..colon];
                port = s[(colon + 1)..];
            }
            else
                host = s;
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"--server '{s}': not a host name or address.";
            return false;
        }
        int? portNumber = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 65535)
            {
                error = $"--server '{s}': the port must be a number from 1 to 65535.";
                return false;
            }
            portNumber = n;
        }
        address = new ServerAddress(host, portNumber);
        return true;
    }
}
