using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Magpie.Cli.Tui;

/// <summary>
/// Terminal.Gui sets up its configuration (themes, schemes, key bindings) in a module initializer. Under the
/// JIT that runs when the assembly is first loaded, i.e. only when the full-screen client starts; a Native AOT
/// program runs every module initializer at process start, so every one-shot verb (and <c>--version</c>) paid
/// for it: about 40% of a bare <c>magpie --version</c>. The AOT build stubs that initializer
/// (ILLink.Substitutions.xml, passed to ILC by Magpie.Cli.csproj) and <see cref="EnsureInitialized"/> runs its
/// work here instead, once, before the client touches Terminal.Gui.
/// </summary>
internal static class TerminalGuiStartup
{
    private const string InitializerType = "Terminal.Gui.ModuleInitializers";
    private const string InitializerMethod = "InitializeConfiguration";
    private static int _done;

    /// <summary>Runs Terminal.Gui's configuration set-up if the module initializer was deferred (Native AOT);
    /// does nothing under the JIT, where the runtime already ran it.</summary>
    [DynamicDependency(InitializerMethod, InitializerType, "Terminal.Gui")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The method is kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The method is kept by DynamicDependency.")]
    public static void EnsureInitialized()
    {
        // Only the AOT compilation applies the substitution; the JIT has no substitutions and runs the initializer itself.
        if (RuntimeFeature.IsDynamicCodeSupported || Interlocked.Exchange(ref _done, 1) == 1)
            return;
        var type = typeof(Terminal.Gui.App.Application).Assembly.GetType(InitializerType, throwOnError: true)!;
        var method = type.GetMethod(InitializerMethod, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(InitializerType, InitializerMethod);
        method.Invoke(null, null);
    }
}
