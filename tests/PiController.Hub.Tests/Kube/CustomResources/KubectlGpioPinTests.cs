using static PiController.Hub.Tests.Kube.CustomResources.CustomResourceLab;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// What a person does with kubectl (Debian's, at /usr/bin/kubectl) in a cluster the hub manages (the API double):
/// apply a GPIOPin from YAML, see it Applied in kubectl get's columns, and describe it with its Warning events.
/// </summary>
public sealed class KubectlGpioPinTests : IAsyncLifetime
{
    private const string Kubectl = "/usr/bin/kubectl";
    private CustomResourceLab _lab = null!;
    private TempDirectory _directory = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _lab = await CustomResourceLab.StartAsync();
        _directory = new TempDirectory("pic-crs-kubectl-");
        _kubeconfig = _lab.Api.WriteKubeconfig(_directory.Path);
    }

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<string> KubectlAsync(params string[] arguments) =>
        (await Run.Async(Kubectl, ["--kubeconfig", _kubeconfig, .. arguments], timeout: TimeSpan.FromMinutes(1))).Ok($"kubectl {string.Join(' ', arguments)}").Output;

    [Fact]
    public async Task Kubectl_apply_of_a_gpiopin_drives_the_pin_and_kubectl_get_shows_it_applied_in_its_columns()
    {
        var file = System.IO.Path.Join(_directory.Path, "led.yaml");
        await File.WriteAllTextAsync(file, $"""
            apiVersion: hardware.pi-controller.io/v1
            kind: GPIOPin
            metadata:
              name: porch-light
            spec:
              node: {KubeNode}
              pin: 17
              mode: output
              value: high
            """);

        Assert.Contains("gpiopin.hardware.pi-controller.io/porch-light created", await KubectlAsync("apply", "-f", file), StringComparison.Ordinal);
        await _lab.StatusAsync(Path("gpiopins", "porch-light"), c => Condition(c, "Applied") == "True" && ObservedGeneration(c) == 1, "Applied");
        Assert.True(_lab.Agent!.Pins[17].High);

        var table = (await KubectlAsync("get", "gpiopins")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "NODE", "PIN", "MODE", "DESIRED", "OBSERVED", "APPLIED", "AGE"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = table[1].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["porch-light", KubeNode, "17", "output", "output high", "output high", "True"], row[..7]);

        var shortName = await KubectlAsync("get", "gpio", "porch-light", "-o", "jsonpath={.status.conditions[?(@.type==\"Applied\")].reason}");
        Assert.Equal("Applied", shortName);
    }

    [Fact]
    public async Task Kubectl_describe_of_a_gpiopin_in_conflict_shows_the_condition_and_the_warning_event()
    {
        _lab.Agent!.Refuse("17", Protocol.Link.CommandError.Types.Code.FailedPrecondition, "GPIO17 is in use by another process (gpioset); stop it or use another pin",
            Protocol.Link.CommandError.Types.Reason.Conflict);
        var file = System.IO.Path.Join(_directory.Path, "led.yaml");
        await File.WriteAllTextAsync(file, $"apiVersion: hardware.pi-controller.io/v1\nkind: GPIOPin\nmetadata:\n  name: led\nspec:\n  node: {KubeNode}\n  pin: GPIO17\n  mode: output\n");
        await KubectlAsync("apply", "-f", file);
        await _lab.StatusAsync(Path("gpiopins", "led"), c => Condition(c, "Conflict") == "True", "Conflict");

        string described = "";
        await Eventually.TrueAsync(async () =>
        {
            described = await KubectlAsync("describe", "gpiopin", "led");
            return described.Contains("PinInUse", StringComparison.Ordinal) && described.Contains("Warning", StringComparison.Ordinal);
        }, Patience, "kubectl describe showing the Warning event");
        Assert.Contains("in use by another process", described, StringComparison.Ordinal);
    }
}
