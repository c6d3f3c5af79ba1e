using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>
/// The one rule for secrets in <c>ToString()</c>: a record's public property whose name says it holds a
/// secret (it contains <c>Password</c> or <c>Secret</c>) prints as <c>***</c> when set, so options and
/// payloads can be logged whole. A record carrying a secret routes its <c>PrintMembers</c> here; every other
/// member prints as the compiler would print it.
/// </summary>
/// <remarks>This file is also compiled into the app (linked from <c>Magpie.Cli.csproj</c>), whose records follow the same rule.</remarks>
internal static class RedactedMembers
{
    /// <summary>What a set secret prints as.</summary>
    public const string Mask = "***";

    /// <summary>Whether a member of this name holds a secret.</summary>
    public static bool IsSecret(string memberName) =>
        memberName.Contains("Password", StringComparison.OrdinalIgnoreCase) || memberName.Contains("Secret", StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends <c>Name = value</c> for each public instance property of <typeparamref name="T"/>, in
    /// declaration order, with secrets masked; the shape of a record's generated <c>PrintMembers</c>.</summary>
    /// <returns>Whether anything was appended.</returns>
    public static bool Print<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T value, StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var first = true;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.GetIndexParameters().Length > 0)
                continue;
            if (!first)
                builder.Append(", ");
            first = false;
            var member = property.GetValue(value);
            builder.Append(property.Name).Append(" = ");
            if (IsSecret(property.Name))
                builder.Append(member is null ? null : Mask);
            else
                builder.Append(member);
        }
        return !first;
    }
}
