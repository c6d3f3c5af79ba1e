using System.Runtime.Versioning;
using Magpie.Cli.Session;

namespace Magpie.Cli.Tests.Session;

[UnsupportedOSPlatform("windows")] // file modes
public sealed class PrivateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-private-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_readable_by_others_is_replaced_by_an_owner_only_one_and_nothing_is_left_beside_it()
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        PrivateFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_missing_folder_is_made_for_the_owner_only()
    {
        var path = Path.Combine(_dir, "magpie", "sasl.toml");

        PrivateFile.WriteAllText(path, "x");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
