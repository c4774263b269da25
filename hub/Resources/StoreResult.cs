namespace PiController.Hub.Resources;

/// <summary>What a change to the store came to; <c>Other</c> is the resource that holds the claim or the name.</summary>
internal sealed record StoreResult(bool Done, ResourceRecord? Other = null, bool NameTaken = false);
