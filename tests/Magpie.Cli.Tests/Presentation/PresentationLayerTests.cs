using System.Reflection;
using Magpie.Cli.Presentation;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>The view models stay headless: no Terminal.Gui type in any signature of the Presentation namespace.</summary>
public sealed class PresentationLayerTests
{
    [Fact]
    public void No_presentation_type_mentions_terminal_gui()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = typeof(ClientViewModel).Assembly.GetTypes().Where(t => t.Namespace == typeof(ClientViewModel).Namespace).ToList();
        Assert.Contains(typeof(RosterModel), types);
        var offenders = new List<string>();
        foreach (var type in types)
        {
            var used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetInterfaces())
                .Append(type.BaseType);
            offenders.AddRange(used.Where(t => t?.Assembly.GetName().Name == "Terminal.Gui").Select(t => $"{type.Name} uses {t!.FullName}"));
        }
        Assert.Empty(offenders);
    }
}
