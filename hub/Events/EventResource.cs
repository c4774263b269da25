using System.Text.Json;
using PiController.Hub.Api;

namespace PiController.Hub.Events;

/// <summary>
/// The events about one resource ("GPIOPin/led"): what reconciliation did to its pin (gpio.state.changed,
/// pwm.changed and i2c.reading with <c>resource</c> set to its name, of its kind's type), its own changes through the
/// API (resource.changed) and the conflicts it was in (resource.conflict naming it as the one refused or the one holding). <c>pi-controller describe</c> shows them.
/// </summary>
internal sealed record EventResource(string Kind, string Name, string Type)
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPIOPin"] = EventTypes.GpioStateChanged,
        ["PWMController"] = EventTypes.PwmChanged,
        ["I2CDevice"] = EventTypes.I2cReading,
    };

    /// <summary>KIND/NAME with KIND one of GPIOPin, PWMController, I2CDevice; null for nothing.</summary>
    public static EventResource? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1 || !Types.TryGetValue(text[..slash], out var type))
        {
            throw new HubException(HubErrorKind.Invalid, $"resource must be KIND/NAME with KIND GPIOPin, PWMController or I2CDevice (GPIOPin/led), got \"{TextRules.Excerpt(text)}\"");
        }
        var kind = Types.Keys.First(k => string.Equals(k, text[..slash], StringComparison.OrdinalIgnoreCase));
        return new EventResource(kind, text[(slash + 1)..], type);
    }

    /// <summary>Allocation-free: the bus calls it under its fan-out lock.</summary>
    public bool Matches(HubEvent e)
    {
        if (e.Payload.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (e.Type == Type)
        {
            return e.Payload.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.String && r.ValueEquals(Name);
        }
        return e.Type == EventTypes.ResourceChanged ? Is(e.Payload, "kind", "name")
            : e.Type == EventTypes.ResourceConflict && (Is(e.Payload, "kind", "name") || Is(e.Payload, "conflictingKind", "conflictingName"));
    }

    /// <summary>The same test in SQL, for the stored events.</summary>
    public string Sql(Microsoft.Data.Sqlite.SqliteCommand query)
    {
        query.Parameters.AddWithValue("$rtype", Type);
        query.Parameters.AddWithValue("$rkind", Kind);
        query.Parameters.AddWithValue("$rname", Name);
        return " AND ((type = $rtype AND json_extract(payload, '$.resource') = $rname)"
            + $" OR (type = '{EventTypes.ResourceChanged}' AND json_extract(payload, '$.kind') = $rkind AND json_extract(payload, '$.name') = $rname)"
            + $" OR (type = '{EventTypes.ResourceConflict}' AND ((json_extract(payload, '$.kind') = $rkind AND json_extract(payload, '$.name') = $rname)"
            + " OR (json_extract(payload, '$.conflictingKind') = $rkind AND json_extract(payload, '$.conflictingName') = $rname))))";
    }

    private bool Is(JsonElement payload, string kind, string name) =>
        payload.TryGetProperty(kind, out var k) && k.ValueKind == JsonValueKind.String && k.ValueEquals(Kind)
        && payload.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.String && n.ValueEquals(Name);
}
