using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// One node's part of a plan: its K3s settings, the install steps that apply them, and the Pi-tuned defaults the
/// plan chose with their reasons (shown in the plan, so nothing is chosen silently).
/// </summary>
internal sealed record NodePlan(NodeTarget Target, K3sNodeSpec Spec, IReadOnlyList<InstallStep> Steps, IReadOnlyList<PlanDefault> Defaults);

/// <summary>A setting the hub chose for a node, and why.</summary>
internal sealed record PlanDefault(string Setting, string Reason);
