using System.Text;

namespace Magpie.Cli.Commands;

/// <summary>Reads a password from the terminal without echoing it.</summary>
internal static class PasswordPrompt
{
    /// <summary>Prompts on stderr (stdout stays clean for results) and reads keys until Enter; null on Ctrl+D/Escape.</summary>
    public static string? Read(string prompt)
    {
        Console.Error.Write(prompt);
        var password = new StringBuilder();
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        return password.ToString();
                    case ConsoleKey.Escape:
                        return null;
                    case ConsoleKey.Backspace:
                        if (password.Length > 0)
                            password.Length--;
                        break;
                    default:
                        if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control))
                            return null;
                        if (!char.IsControl(key.KeyChar))
                            password.Append(key.KeyChar);
                        break;
                }
            }
        }
        finally
        {
            Console.Error.WriteLine();
        }
    }
}
