namespace PiController.Hub.Audit;

/// <summary>How long audit entries are kept, and the most kept; Hosting makes it from the serve flags.</summary>
internal sealed record AuditLimits(TimeSpan Retention, int MaxRows);
