using PiController.Hub.Cli;
using PiController.Hub.Cli.Input;
using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Cli;

/// <summary>Files, directories and standard input read into resource documents of either shape, all checked before any is used.</summary>
public sealed class ManifestReaderTests
{
    private const string Led = """
        kind: GPIOPin
        name: led
        node: {id: node-a}
        spec: {pin: "17", mode: output, value: high}
        """;

    private static IReadOnlyList<Manifest> Read(string text, bool? json = null) => ManifestReader.Read([new ManifestText("test.yaml", text, json)]);

    [Fact]
    public async Task A_directory_gives_its_yaml_yml_and_json_files_in_name_order_and_its_subdirectories_only_with_recursive()
    {
        using var directory = new TempDirectory("pic-manifests-");
        Directory.CreateDirectory(Path.Join(directory.Path, "more"));
        await File.WriteAllTextAsync(Path.Join(directory.Path, "b.yml"), Led.Replace("led", "b-led", StringComparison.Ordinal).Replace("\"17\"", "\"27\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Join(directory.Path, "a.yaml"), Led);
        await File.WriteAllTextAsync(Path.Join(directory.Path, "notes.txt"), "not a manifest");
        await File.WriteAllTextAsync(Path.Join(directory.Path, "more", "c.json"),
            """{"kind": "PWMController", "name": "fan", "node": {"id": "node-a"}, "spec": {"pin": "18", "frequencyHz": 25000, "dutyPercent": 40}}""");

        var flat = ManifestReader.Read(await ManifestFiles.ReadAsync([directory.Path], recursive: false, CancellationToken.None));
        var deep = ManifestReader.Read(await ManifestFiles.ReadAsync([directory.Path], recursive: true, CancellationToken.None));

        Assert.Equal(["gpiopin/led", "gpiopin/b-led"], flat.Select(m => m.Reference));
        Assert.Equal(["gpiopin/led", "gpiopin/b-led", "pwmcontroller/fan"], deep.Select(m => m.Reference));
    }

    [Fact]
    public void Json_may_be_one_object_an_array_or_a_kubectl_list_and_yaml_may_hold_a_list_too()
    {
        const string doc = """{"kind": "GPIOPin", "name": "NAME", "node": {"id": "node-a"}, "spec": {"pin": "PIN", "mode": "input"}}""";
        string D(string name, int pin) => doc.Replace("NAME", name, StringComparison.Ordinal).Replace("PIN", pin.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        Assert.Equal(["gpiopin/a"], Read(D("a", 5), json: true).Select(m => m.Reference));
        Assert.Equal(["gpiopin/a", "gpiopin/b"], Read($"[{D("a", 5)}, {D("b", 6)}]", json: true).Select(m => m.Reference));
        Assert.Equal(["gpiopin/a", "gpiopin/b"], Read($$"""{"apiVersion": "v1", "kind": "List", "items": [{{D("a", 5)}}, {{D("b", 6)}}]}""").Select(m => m.Reference));
        Assert.Equal(["gpiopin/a", "gpiopin/b"], Read($"kind: List\nitems:\n- {D("a", 5)}\n- {D("b", 6)}\n").Select(m => m.Reference));
    }

    [Fact]
    public void The_kubernetes_shape_becomes_the_hubs_with_the_node_taken_out_of_the_spec()
    {
        var manifest = Read("""
            apiVersion: hardware.pi-controller.io/v1
            kind: GPIOPin
            metadata:
              name: porch-light
              labels: {room: porch}
              resourceVersion: "12"
            spec:
              node:
                selector:
                  matchLabels: {room: porch, tier: lights}
              pin: P11
              mode: output
              value: high
            status: {anything: ignored}
            """).Single();

        Assert.Equal(ResourceKind.GpioPin, manifest.Kind);
        Assert.Equal("""{"kind":"GPIOPin","name":"porch-light","labels":{"room":"porch"},"node":{"selector":"room=porch,tier=lights"},"spec":{"pin":"P11","mode":"output","value":"high"}}""",
            manifest.Document.GetRawText());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: GPIOPin\nmetadata: {name: led}\nspec: {node: {id: a}, pin: \"17\", mode: input}\n", "apiVersion is v1, but GPIOPin is in hardware.pi-controller.io/v1")]
    [InlineData("kind: GPIOPin\nmetadata: {name: led}\nspec: {node: {id: a}, pin: \"17\", mode: input}\n", "apiVersion is missing")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n", "kind Deployment is not a pi-controller resource")]
    [InlineData("kind: GPIOPin\nname: led\nnode: {id: a}\nspec: {pin: \"17\", mode: output, colour: red}\n", "unknown field $.spec.colour")]
    [InlineData("kind: GPIOPin\nname: led\nnode: {id: a}\nspec: {pin: \"17\", mode: sideways}\n", "spec.mode")]
    [InlineData("kind: GPIOPin\nname: led\nspec: {pin: \"17\", mode: input}\n", "node must name exactly one of id")]
    public void A_wrong_document_is_refused_naming_the_file_and_the_document(string yaml, string expected)
    {
        var e = Assert.Throws<CliException>(() => Read(yaml));
        Assert.StartsWith("test.yaml, document 1 (line 1): ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was changed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_second_document_fails_the_whole_file_naming_document_two_and_its_line()
    {
        var e = Assert.Throws<CliException>(() => Read(Led + "\n---\nkind: GPIOPin\nname: fan\nnode: {id: node-a}\nspec: {pin: \"18\", mode: output, value: maybe}\n"));

        Assert.StartsWith("test.yaml, document 2 (line 5): ", e.Message, StringComparison.Ordinal);
        Assert.Contains("spec.value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_resource_twice_is_refused()
    {
        var e = Assert.Throws<CliException>(() => Read(Led + "\n---\n" + Led));
        Assert.Contains("gpiopin/led is also in test.yaml, document 1 (line 1); keep one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_directory_and_a_second_stdin_are_refused()
    {
        using var directory = new TempDirectory("pic-manifests-");
        var empty = await Assert.ThrowsAsync<CliException>(() => ManifestFiles.ReadAsync([directory.Path], false, CancellationToken.None));
        Assert.Contains("the directory has no .yaml, .yml or .json files (add -R to look in its subdirectories)", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CliException>(() => ManifestFiles.ReadAsync(["-", "-"], false, CancellationToken.None));
    }
}
