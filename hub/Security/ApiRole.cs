namespace PiController.Hub.Security;

/// <summary>What an API token may do: a viewer reads, an operator also drives hardware, an admin does everything.</summary>
internal static class ApiRole
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static bool IsKnown(string role) => role is Admin or Operator or Viewer;
}
