namespace PiController.Agent.Configuration;

/// <summary>A configuration value that cannot be used; the message names where it came from and what is wrong.</summary>
internal sealed class ConfigException(string message) : Exception(message);
