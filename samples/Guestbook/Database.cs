using Microsoft.Data.Sqlite;

namespace Guestbook;

/// <summary>Someone who signs: a name chosen for a certificate's public key.</summary>
public sealed record Signer(string Name);

/// <summary>An entry of the guestbook.</summary>
public sealed record Entry(string Name, string Written, string Message);

/// <summary>
/// The guestbook in SQLite (Microsoft.Data.Sqlite): the file is created on first run, no server to
/// install. Every statement is parameterised.
/// </summary>
public sealed class Database
{
    /// <summary>The longest message or name kept (longer ones are cut).</summary>
    public const int MaxMessage = 500;

    private readonly string _connection;

    public Database(string path)
    {
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS signers (key TEXT PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, message TEXT NOT NULL, written TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS entries_written ON entries (written);
            """;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connection);
        connection.Open();
        return connection;
    }

    public async ValueTask<Signer?> FindSignerAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM signers WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) is string name ? new Signer(name) : null;
    }

    public void SaveSigner(string key, string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO signers (key, name) VALUES ($key, $name) ON CONFLICT (key) DO UPDATE SET name = excluded.name";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$name", Cut(name, 40));
        command.ExecuteNonQuery();
    }

    public void AddEntry(string key, string message, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO entries (key, message, written) VALUES ($key, $message, $written)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$message", Cut(message, MaxMessage));
        command.Parameters.AddWithValue("$written", now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    public List<Entry> Latest(int count)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.name, e.written, e.message FROM entries e JOIN signers s ON s.key = e.key ORDER BY e.id DESC LIMIT $count";
        command.Parameters.AddWithValue("$count", count);
        using var reader = command.ExecuteReader();
        var entries = new List<Entry>();
        while (reader.Read())
        {
            entries.Add(new Entry(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return entries;
    }

    /// <summary>Deletes entries written before <paramref name="cutoff"/>; returns how many.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM entries WHERE written < $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoff.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
