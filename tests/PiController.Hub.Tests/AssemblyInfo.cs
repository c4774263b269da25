// The hub runs on Linux only, and so do its tests (file modes, SQLite files in /tmp).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
