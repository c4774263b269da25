// pi-controller runs on Linux only (Raspberry Pi OS, Debian).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
