using System.Data.Common;
using System.Globalization;

namespace PiController.Testing;

/// <summary>Direct SQL on a test's database file, to set up and inspect what the code under test cannot.</summary>
public static class RawSql
{
    public static object? Scalar(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static long Number(this DbConnection connection, string sql) =>
        Convert.ToInt64(connection.Scalar(sql), CultureInfo.InvariantCulture);

    public static int Execute(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of every row, as text.</summary>
    public static List<string> Strings(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
