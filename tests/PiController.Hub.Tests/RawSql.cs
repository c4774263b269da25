using System.Globalization;
using PiController.Hub.State;

namespace PiController.Hub.Tests;

/// <summary>Direct SQL against the test's database file, to set up and inspect what the code under test cannot.</summary>
internal static class RawSql
{
    public static object? Scalar(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static long Long(this HubDatabase database, string sql) =>
        Convert.ToInt64(database.Scalar(sql), CultureInfo.InvariantCulture);

    public static int Execute(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public static List<string> Strings(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
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
