using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;

namespace Magpie.Xmpp.Payloads;

/// <summary>
/// The payload types one client knows, keyed by element name: extensions register theirs
/// (<see cref="XmppExtension.RegisterPayload{T}"/>, removed again when the extension is detached). It is per
/// client, never global, so two clients in one process (or two tests) cannot disturb each other.
/// </summary>
public sealed class PayloadRegistry
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<XName, Func<XElement, object?>> _parsers = ImmutableDictionary<XName, Func<XElement, object?>>.Empty;

    /// <summary>The element names registered.</summary>
    public IEnumerable<XName> Names => _parsers.Keys;

    /// <summary>Registers <typeparamref name="T"/> under its element name until the returned handle is disposed.</summary>
    /// <exception cref="InvalidOperationException">Another payload type owns that element name.</exception>
    public IDisposable Register<T>() where T : class, IPayload<T>
    {
        var name = T.ElementName;
        Func<XElement, object?> parse = static e => T.Parse(e);
        lock (_gate)
        {
            if (_parsers.ContainsKey(name))
                throw new InvalidOperationException($"The payload {name} is already registered.");
            _parsers = _parsers.Add(name, parse);
        }
        return new Registration(() =>
        {
            lock (_gate)
            {
                if (_parsers.TryGetValue(name, out var current) && current == parse)
                    _parsers = _parsers.Remove(name);
            }
        });
    }

    /// <summary>Whether a payload type is registered for <paramref name="name"/>.</summary>
    public bool IsRegistered(XName name) => _parsers.ContainsKey(name);

    /// <summary>Parses <paramref name="element"/> with the payload type registered for its name.</summary>
    /// <returns>False when no type is registered for it or it is malformed.</returns>
    public bool TryParse(XElement element, [NotNullWhen(true)] out object? payload)
    {
        ArgumentNullException.ThrowIfNull(element);
        payload = _parsers.TryGetValue(element.Name, out var parse) ? parse(element) : null;
        return payload is not null;
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
