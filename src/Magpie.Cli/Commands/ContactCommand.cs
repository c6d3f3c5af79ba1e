using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.SoftwareVersion;
using Magpie.Xmpp.Extensions.VCardTemp;
using Magpie.Xmpp.Im;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie contact show JID</c>: roster entry, presence, vCard, software and features of a contact.</summary>
internal static class ContactCommand
{
    private static readonly TimeSpan PresenceWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private sealed record Extensions(RosterManager Roster, PresenceManager Presence, VCardExtension VCard, SoftwareVersionExtension Software, DiscoExtension Disco);

    public static void ConfigureShow(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The contact.");
        command.Arguments.Add(jid);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(jid)).Bare,
            client => new Extensions(client.Use(new RosterManager()), client.Use(new PresenceManager()),
                client.Use(new VCardExtension()), client.Use(new SoftwareVersionExtension()), client.Use(new DiscoExtension())),
            ShowAsync);
    }

    private static async Task<int> ShowAsync(VerbCall<Jid, Extensions> call)
    {
        var contact = call.Args;
        var ext = call.Extension;
        await ext.Roster.GetRosterAsync(call.CancellationToken);
        var item = ext.Roster.GetItem(contact);

        // Subscribed contacts' presence arrives after our initial presence: wait briefly for the first one.
        var firstPresence = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ext.Presence.ContactPresenceChanged += (_, e) =>
        {
            if (e.BareJid == contact)
                firstPresence.TrySetResult();
        };
        await ext.Presence.SendInitialPresenceAsync(call.CancellationToken);
        if (item is { IsSubscribedTo: true } && ext.Presence.Tracker.GetBestResource(contact) is null)
        {
            try
            {
                await firstPresence.Task.WaitAsync(PresenceWait, call.CancellationToken);
            }
            catch (TimeoutException)
            {
                // Offline, or the server did not tell us in time: show what we know.
            }
        }
        var resources = ext.Presence.Tracker.GetResources(contact).Values.OrderBy(r => r.Resource, StringComparer.Ordinal).ToList();
        var best = ext.Presence.Tracker.GetBestResource(contact);

        var card = await TryAsync(call, ct => ext.VCard.GetAsync(contact, ct));
        SoftwareVersionInfo? software = null;
        DiscoInfo? info = null;
        if (best is not null)
        {
            var full = Jid.Parse($"{contact}/{best.Resource}");
            software = await TryAsync(call, ct => ext.Software.GetAsync(full, ct));
            info = await TryAsync(call, ct => ext.Disco.GetInfoAsync(full, cancellationToken: ct));
        }

        if (call.Json)
            WriteJson(call, contact, item, resources, best, card, software, info);
        else
            WriteText(call, contact, item, resources, best, card, software, info);
        return ExitCodes.Success;
    }

    /// <summary>Runs an optional query with a short timeout; null when it failed, was refused or took too long.</summary>
    private static async Task<T?> TryAsync<T>(VerbCall<Jid, Extensions> call, Func<CancellationToken, Task<T>> query)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            return await query(timeout.Token);
        }
        catch (Exception ex) when (ex is StanzaErrorException or XmppPayloadException
            || (ex is OperationCanceledException && !call.CancellationToken.IsCancellationRequested))
        {
            return default;
        }
    }

    private static void WriteText(VerbCall<Jid, Extensions> call, Jid contact, RosterItem? item, List<ResourcePresence> resources,
        ResourcePresence? best, VCard? card, SoftwareVersionInfo? software, DiscoInfo? info)
    {
        var o = call.Out;
        o.WriteLine(SafeText.Address(contact));
        if (item is null)
        {
            o.WriteLine("  roster: not in the roster");
        }
        else
        {
            o.WriteLine($"  name: {SafeText.Name(item.Name)}");
            o.WriteLine($"  subscription: {item.Subscription.ToString().ToLowerInvariant()}{(item.Ask ? " (request pending)" : "")}");
            if (item.Groups.Count > 0)
                o.WriteLine($"  groups: {string.Join(", ", item.Groups.Select(g => SafeText.Name(g)))}");
        }
        if (resources.Count == 0)
            o.WriteLine("  presence: offline");
        foreach (var r in resources)
        {
            var status = r.Status is null ? "" : $" \"{SafeText.Sanitize(r.Status)}\"";
            var mark = ReferenceEquals(r, best) || r.Resource == best?.Resource ? " *" : "";
            o.WriteLine($"  presence: {SafeText.Name(r.Resource)} {r.Show.ToString().ToLowerInvariant()} ({r.Priority}){status}{mark}");
        }
        if (card is not null)
        {
            if (card.FullName is not null)
                o.WriteLine($"  full name: {SafeText.Name(card.FullName)}");
            if (card.Nickname is not null)
                o.WriteLine($"  nickname: {SafeText.Name(card.Nickname)}");
            foreach (var email in card.Emails)
                o.WriteLine($"  email: {SafeText.Sanitize(email.Value)}");
        }
        if (software is not null)
        {
            var os = software.OperatingSystem is null ? "" : $" on {SafeText.Sanitize(software.OperatingSystem)}";
            o.WriteLine($"  software: {SafeText.Sanitize(software.Name)} {SafeText.Sanitize(software.Version)}{os}");
        }
        if (info is not null)
        {
            foreach (var feature in info.Features)
                o.WriteLine($"  feature: {SafeText.Sanitize(feature)}");
        }
        o.Flush();
    }

    private static void WriteJson(VerbCall<Jid, Extensions> call, Jid contact, RosterItem? item, List<ResourcePresence> resources,
        ResourcePresence? best, VCard? card, SoftwareVersionInfo? software, DiscoInfo? info)
    {
        JsonOutput.Write(call.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("jid", contact.ToString());
            w.WriteBoolean("in_roster", item is not null);
            w.WriteString("name", item?.Name);
            w.WriteString("subscription", item?.Subscription.ToString().ToLowerInvariant());
            w.WriteBoolean("ask", item?.Ask ?? false);
            w.WriteStartArray("groups");
            foreach (var g in item?.Groups ?? [])
                w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteStartArray("resources");
            foreach (var r in resources)
            {
                w.WriteStartObject();
                w.WriteString("resource", r.Resource);
                w.WriteString("show", r.Show.ToString().ToLowerInvariant());
                w.WriteString("status", r.Status);
                w.WriteNumber("priority", r.Priority);
                w.WriteBoolean("best", r.Resource == best?.Resource);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (card is null)
            {
                w.WriteNull("vcard");
            }
            else
            {
                w.WriteStartObject("vcard");
                w.WriteString("fn", card.FullName);
                w.WriteString("nickname", card.Nickname);
                w.WriteStartArray("email");
                foreach (var e in card.Emails)
                    w.WriteStringValue(e.Value);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (software is null)
            {
                w.WriteNull("software");
            }
            else
            {
                w.WriteStartObject("software");
                w.WriteString("name", software.Name);
                w.WriteString("version", software.Version);
                w.WriteString("os", software.OperatingSystem);
                w.WriteEndObject();
            }
            if (info is null)
            {
                w.WriteNull("features");
            }
            else
            {
                w.WriteStartArray("features");
                foreach (var f in info.Features)
                    w.WriteStringValue(f);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }
}
