namespace PiController.Hub.Events;

/// <summary>How long events are kept for clients that resume with since, and the most kept; Hosting makes it from the serve flags.</summary>
internal sealed record EventLimits(TimeSpan Retention, long MaxRows);
