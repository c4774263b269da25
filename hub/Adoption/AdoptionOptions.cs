namespace PiController.Hub.Adoption;

/// <summary>How long an adopted agent has to enroll and connect, how often the hub looks, and how long its join token lives.</summary>
/// <param name="EnrollTimeout">From the agent's start to its connection; the bound of the last step.</param>
/// <param name="PollInterval">How often the hub checks whether the node is connected.</param>
/// <param name="TokenLifetime">The single-use join token's life; it is revoked as soon as the adoption fails.</param>
internal sealed record AdoptionOptions(TimeSpan EnrollTimeout, TimeSpan PollInterval, TimeSpan TokenLifetime)
{
    public static readonly AdoptionOptions Default = new(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
}
