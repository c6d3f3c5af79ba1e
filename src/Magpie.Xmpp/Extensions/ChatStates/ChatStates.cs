using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085 Chat State Notifications: reading and writing the state element of a message.</summary>
public static class ChatStates
{
    /// <summary>The XEP-0085 namespace.</summary>
    public const string Namespace = "http://jabber.org/protocol/chatstates";

    /// <summary>The state a message carries, or null when it carries none (or an unknown one).</summary>
    public static ChatState? Get(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var element in message.Element.Elements())
        {
            if (element.Name.NamespaceName != Namespace)
                continue;
            ChatState? state = element.Name.LocalName switch
            {
                "active" => ChatState.Active,
                "composing" => ChatState.Composing,
                "paused" => ChatState.Paused,
                "inactive" => ChatState.Inactive,
                "gone" => ChatState.Gone,
                _ => null,
            };
            if (state is not null)
                return state;
        }
        return null;
    }

    /// <summary>Sets the message's state, replacing any it had (a message carries at most one, §5.5).</summary>
    public static void Set(Message message, ChatState state)
    {
        ArgumentNullException.ThrowIfNull(message);
        Remove(message);
        message.Element.Add(new XElement(XName.Get(state.ToString().ToLowerInvariant(), Namespace)));
    }

    /// <summary>Removes any state element.</summary>
    public static void Remove(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Element.Elements().Where(e => e.Name.NamespaceName == Namespace).Remove();
    }
}
