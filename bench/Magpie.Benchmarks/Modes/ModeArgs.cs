using System.Globalization;

namespace Magpie.Benchmarks.Modes;

/// <summary>The <c>--key value</c> arguments of a client mode. Kept tiny on purpose: the modes are driven by
/// the runner, not typed by people, and a command-line library would add start-up work to what we measure.</summary>
public sealed class ModeArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public ModeArgs(IEnumerable<string> args)
    {
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null)
                    _values[key] = "true";
                key = arg[2..];
            }
            else if (key is not null)
            {
                _values[key] = arg;
                key = null;
            }
        }
        if (key is not null)
            _values[key] = "true";
    }

    public string Get(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new ArgumentException($"--{key} is required.");

    public string? GetOptional(string key) => _values.GetValueOrDefault(key);

    public int GetInt(string key, int fallback) =>
        _values.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
