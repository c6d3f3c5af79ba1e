using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Magpie.Testing.Secrets;

/// <summary>
/// Finds, by reflection, every type of an assembly with a string member whose name says it holds a secret
/// (password, passphrase, secret), plants a known value in those members and checks that <c>ToString()</c>
/// does not print it. Records print every public property by default, so a new record with a password
/// leaks it into logs unless it redacts it.
/// </summary>
public static partial class SecretLeakScan
{
    /// <summary>The value planted in every secret member.</summary>
    public const string Planted = "planted-secret-3b7e9c";

    [GeneratedRegex("pass(word|phrase)|secret", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary>The types of <paramref name="assembly"/> holding a secret-named string member.</summary>
    public static IReadOnlyList<Type> TypesHoldingSecrets(Assembly assembly) =>
        assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && !t.ContainsGenericParameters && SecretMembers(t).Any())
            .OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    /// <summary>One line per type whose <c>ToString()</c> printed the planted secret, or could not be checked.</summary>
    public static IReadOnlyList<string> Leaks(Assembly assembly)
    {
        var leaks = new List<string>();
        foreach (var type in TypesHoldingSecrets(assembly))
        {
            string text;
            try
            {
                var instance = Create(type);
                var planted = 0;
                foreach (var member in SecretMembers(type))
                    planted += Plant(instance, member) ? 1 : 0;
                if (planted == 0)
                    continue; // computed members only (derived from other state): nothing of its own to print
                text = instance.ToString() ?? "";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                leaks.Add($"{type.FullName}: could not be checked ({ex.GetType().Name}: {ex.Message})");
                continue;
            }
            if (text.Contains(Planted, StringComparison.Ordinal))
                leaks.Add($"{type.FullName}: {text}");
        }
        return leaks;
    }

    private static IEnumerable<MemberInfo> SecretMembers(Type type)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var p in t.GetProperties(all))
                if (p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0 && SecretName().IsMatch(p.Name))
                    yield return p;
            foreach (var f in t.GetFields(all))
                if (f.FieldType == typeof(string) && !f.Name.Contains("k__BackingField", StringComparison.Ordinal) && SecretName().IsMatch(f.Name))
                    yield return f;
        }
    }

    private static object Create(Type type)
    {
        var parameterless = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        return parameterless is not null ? parameterless.Invoke(null) : RuntimeHelpers.GetUninitializedObject(type);
    }

    private static bool Plant(object instance, MemberInfo member)
    {
        switch (member)
        {
            case FieldInfo field when !field.IsLiteral && !field.IsStatic:
                field.SetValue(instance, Planted);
                return true;
            case PropertyInfo property when property.SetMethod is not null:
                property.SetValue(instance, Planted);
                return true;
            case PropertyInfo property:
                var backing = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
                if (backing is null)
                    return false;
                backing.SetValue(instance, Planted);
                return true;
            default:
                return false;
        }
    }
}
