namespace PiController.Hub.Adoption;

/// <summary>
/// The body of <c>POST /api/v1/adoptions</c>: a Pi reached over SSH, and the credentials to reach it, given once. The
/// hub keeps them sealed in the ssh target the adoption creates (or reuses, when a target of that name has that
/// address already: then its stored credentials are used and none need be given).
/// </summary>
/// <param name="Host">Host name or address of the Pi.</param>
/// <param name="Port">sshd's port; null: 22.</param>
/// <param name="User">The login user, such as pi.</param>
/// <param name="PrivateKey">The private key text, for key auth.</param>
/// <param name="Password">The login password, for password auth.</param>
/// <param name="SudoPassword">The password <c>sudo -S</c> reads on stdin; null: the user is root or has NOPASSWD.</param>
/// <param name="Jump">A jump host: the name of another ssh target.</param>
/// <param name="Name">The ssh target's name; null: the host.</param>
internal sealed record AdoptRequest(string Host, int? Port, string User, string? PrivateKey, string? Password, string? SudoPassword, string? Jump, string? Name)
{
    public override string ToString() => $"AdoptRequest({User}@{Host}:{Port}, name {Name})";
}
