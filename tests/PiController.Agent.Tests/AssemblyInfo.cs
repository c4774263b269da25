using System.Runtime.Versioning;

// The agent runs on Linux only (see agent/AssemblyInfo.cs), and so do its tests.
[assembly: SupportedOSPlatform("linux")]
