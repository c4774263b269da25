namespace PiController.KubeApiDouble.Tables;

/// <summary>An age as kubectl prints it (apimachinery's duration.HumanDuration): 45s, 3m20s, 2h10m, 5d.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        if (d.TotalSeconds < -1)
        {
            return "<invalid>";
        }
        var seconds = (long)Math.Max(0, d.TotalSeconds);
        if (seconds < 120)
        {
            return $"{seconds}s";
        }
        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }
        if (minutes < 180)
        {
            return $"{minutes}m";
        }
        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }
        var days = hours / 24;
        return hours < 24 * 365 * 8 && days % 365 != 0 ? $"{days / 365}y{days % 365}d" : $"{days / 365}y";
    }
}
