using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Magpie.Cli.Session;

/// <summary>
/// One SQL statement prepared once on a connection and run many times through SQLite's own API, for the history
/// writer's per-message statements. Microsoft.Data.Sqlite's commands re-enumerate their statements, look every
/// parameter's index up by name (converting the name to UTF-8 each time) and allocate a parameter object per
/// value on every execution: in <c>magpie listen</c> that was most of the writer thread's CPU per stored message
/// (bench/README.md). Parameters here are bound by position, text as UTF-16 without a copy.
/// </summary>
/// <remarks>Not thread-safe: the history writer uses these on its own thread, under the store's lock, inside the
/// transaction it opened on the same connection. Errors surface as <see cref="SqliteException"/>, as from any command.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        Check(rc);
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based) to text, or NULL.</summary>
    public SqliteStatement Text(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
        return this;
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based) to an integer.</summary>
    public SqliteStatement Integer(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next use.</summary>
    public void Run()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
                Check(rc);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs a query and returns the first column of its first row as an integer, or null without a row.</summary>
    public long? FirstInteger()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
                return raw.sqlite3_column_int64(_statement, 0);
            if (rc != raw.SQLITE_DONE)
                Check(rc);
            return null;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>The row id of the last row inserted on the connection.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Dispose() => _statement.Dispose();

    private void Reset()
    {
        // The error of a failed step was already reported by Check; reset returns it again.
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
