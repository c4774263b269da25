
namespace PiController.Hub.Tests.Cli;

/// <summary>pi-controller apply, diff and delete with files against a real hub: what they say, what they store, and what they leave alone.</summary>
public sealed class ApplyCommandTests : IAsyncLifetime
{
    private const string Led = """
        apiVersion: hardware.pi-controller.io/v1
        kind: GPIOPin
        metadata:
          name: led
          labels: {room: garage}
        spec:
          node: {id: node-a}
          pin: "17"
          mode: output
          value: VALUE
        """;

    private const string Fan = """
        kind: PWMController
        name: fan
        node: {selector: room=garage}
        spec: {pin: "18", frequencyHz: 25000, dutyPercent: 40}
        """;

    private CliAgainstHub _cli = null!;
    private readonly TempDirectory _files = new("pic-apply-");

    public async Task InitializeAsync() => _cli = await CliAgainstHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _cli.DisposeAsync();
        _files.Dispose();
    }

    private long Resources => _cli.Count("SELECT COUNT(*) FROM resources");

    private string Write(string name, string text)
    {
        var path = _files.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Value(string level) => Led.Replace("VALUE", level, StringComparison.Ordinal);

    [Fact]
    public async Task Apply_says_created_then_unchanged_then_configured_and_unchanged_stores_nothing()
    {
        var file = Write("led.yaml", Value("high") + "\n---\n" + Fan);

        var first = await _cli.RunAsync("apply", "-f", file);
        var updatedAt = _cli.Hub.Database.Strings("SELECT updated_at FROM resources ORDER BY name");
        var second = await _cli.RunAsync("apply", "-f", file);
        var unchangedAt = _cli.Hub.Database.Strings("SELECT updated_at FROM resources ORDER BY name");
        Write("led.yaml", Value("low") + "\n---\n" + Fan);
        var third = await _cli.RunAsync("apply", "-f", file);

        Assert.True(first.Code == 0, first.Error);
        Assert.Equal((0, "gpiopin/led created\npwmcontroller/fan created\n"), (first.Code, first.Output));
        Assert.Equal((0, "gpiopin/led unchanged\npwmcontroller/fan unchanged\n"), (second.Code, second.Output));
        Assert.Equal(updatedAt, unchangedAt);
        Assert.Equal((0, "gpiopin/led configured\npwmcontroller/fan unchanged\n"), (third.Code, third.Output));
        Assert.Equal(2, _cli.Count("SELECT generation FROM resources WHERE name = 'led'"));
    }

    [Fact]
    public async Task Apply_reads_a_directory_recursively_and_standard_input()
    {
        Write("dir/led.yaml", Value("high"));
        Write("dir/sub/fan.yml", Fan);

        var flat = await _cli.RunAsync("apply", "-f", _files.File("dir"), "--dry-run=client");
        var deep = await _cli.RunAsync("apply", "-f", _files.File("dir"), "-R");
        var stdin = await _cli.RunWithInputAsync("""[{"kind": "I2CDevice", "name": "climate", "node": {"id": "node-b"}, "spec": {"bus": 1, "address": "0x76", "device": "bme280"}}]""",
            "apply", "-f", "-");

        Assert.Equal((0, "gpiopin/led checked (client dry run)\n"), (flat.Code, flat.Output));
        Assert.Equal((0, "gpiopin/led created\npwmcontroller/fan created\n"), (deep.Code, deep.Output));
        var yamlStdin = await _cli.RunWithInputAsync("kind: GPIOPin\nname: door\nnode: {id: node-b}\nspec: {pin: \"5\", mode: input}\n---\n" + Value("high"),
            "apply", "-f", "-");
        Assert.Equal((0, "i2cdevice/climate created\n"), (stdin.Code, stdin.Output));
        Assert.Equal((0, "gpiopin/door created\ngpiopin/led unchanged\n"), (yamlStdin.Code, yamlStdin.Output));
        Assert.Equal(4, Resources);
    }

    [Fact]
    public async Task A_malformed_second_document_applies_nothing_at_all()
    {
        var file = Write("two.yaml", Value("high") + "\n---\nkind: PWMController\nname: fan\nnode: {id: node-a}\nspec: {pin: \"18\", frequencyHz: 25000, dutyPercent: 140}\n");

        var (code, output, error) = await _cli.RunAsync("apply", "-f", file);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains($"{file}, document 2 (line 11): spec.dutyPercent must be 0-100, got 140; nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal(0, Resources);
    }

    [Fact]
    public async Task A_server_dry_run_answers_as_apply_would_but_stores_nothing_and_publishes_no_event()
    {
        Assert.Equal(0, (await _cli.RunAsync("apply", "-f", Write("led.yaml", Value("high")))).Code);
        var before = _cli.Hub.Database.Strings("SELECT kind || name || spec || generation || updated_at FROM resources");
        var thief = Write("thief.yaml", "kind: GPIOPin\nname: thief\nnode: {id: node-a}\nspec: {pin: \"17\", mode: input}\n");

        var changed = await _cli.RunAsync("apply", "-f", Write("led2.yaml", Value("low") + "\n---\n" + Fan), "--dry-run=server");
        var conflict = await _cli.RunAsync("apply", "-f", thief, "--dry-run=server");
        var created = await _cli.RunAsync("create", "gpio", "porch", "--node", "node-b", "--pin", "5", "--mode", "input", "--dry-run=server");

        Assert.Equal((0, "gpiopin/led configured (server dry run)\npwmcontroller/fan created (server dry run)\n"), (changed.Code, changed.Output));
        Assert.Equal(1, conflict.Code);
        Assert.Contains("GPIO17 on node node-a is already held by GPIOPin/led", conflict.Error, StringComparison.Ordinal);
        Assert.Equal((0, "gpiopin/porch created on node node-b (server dry run)\n"), (created.Code, created.Output));
        Assert.Equal(before, _cli.Hub.Database.Strings("SELECT kind || name || spec || generation || updated_at FROM resources"));
        // The real refusal publishes resource.conflict; once it is stored, it is the only one: the dry run published none.
        Assert.Equal(1, (await _cli.RunAsync("apply", "-f", thief)).Code);
        await Eventually.TrueAsync(() => Task.FromResult(_cli.Count("SELECT COUNT(*) FROM events WHERE type = 'resource.conflict'") > 0),
            TimeSpan.FromSeconds(30), "the refusal's resource.conflict event");
        Assert.Equal(1, _cli.Count("SELECT COUNT(*) FROM events WHERE type = 'resource.conflict'"));
    }

    [Fact]
    public async Task Diff_exits_0_without_changes_1_with_a_unified_diff_and_2_on_an_error()
    {
        var file = Write("led.yaml", Value("high"));
        var missing = await _cli.RunAsync("diff", "-f", file);
        Assert.Equal(0, (await _cli.RunAsync("apply", "-f", file)).Code);
        var same = await _cli.RunAsync("diff", "-f", file);
        Write("led.yaml", Value("low"));
        var changed = await _cli.RunAsync("diff", "-f", file);
        var broken = await _cli.RunAsync("diff", "-f", Write("bad.yaml", "kind: GPIOPin\nname: x\nnode: {id: nowhere}\nspec: {pin: \"5\", mode: input}\n"));

        Assert.Equal(1, missing.Code);
        Assert.Contains("+++ merged/gpiopin/led\n@@ -0,0 +1,", missing.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (same.Code, same.Output));
        Assert.Equal(1, changed.Code);
        Assert.StartsWith("diff -u -N live/gpiopin/led merged/gpiopin/led\n--- live/gpiopin/led\n+++ merged/gpiopin/led\n@@ -", changed.Output, StringComparison.Ordinal);
        Assert.Contains("\n-  value: high\n+  value: low\n", changed.Output, StringComparison.Ordinal);
        Assert.Contains("\n-generation: 1\n+generation: 2\n", changed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("status", changed.Output, StringComparison.Ordinal);
        Assert.Equal(2, broken.Code);
        Assert.Contains("gpiopin/x (", broken.Error, StringComparison.Ordinal);
        Assert.Contains("no node with id \"nowhere\"", broken.Error, StringComparison.Ordinal);
        Assert.Equal(1, Resources);
    }

    [Fact]
    public async Task Delete_with_files_deletes_what_they_name_and_a_missing_one_fails_unless_ignored()
    {
        var file = Write("both.yaml", Value("high") + "\n---\n" + Fan);
        Assert.Equal(0, (await _cli.RunAsync("apply", "-f", file)).Code);

        var deleted = await _cli.RunAsync("delete", "-f", file);
        var again = await _cli.RunAsync("delete", "-f", file);
        var ignored = await _cli.RunAsync("delete", "gpio", "led", "--ignore-not-found");
        var both = await _cli.RunAsync("delete", "gpio", "led", "-f", file);

        Assert.Equal((0, "gpiopin/led deleted\npwmcontroller/fan deleted\n"), (deleted.Code, deleted.Output));
        Assert.Equal(1, again.Code);
        Assert.Contains("gpiopin/led, pwmcontroller/fan not found", again.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (ignored.Code, ignored.Output));
        Assert.Equal(2, both.Code);
        Assert.Equal(0, Resources);
    }

    [Fact]
    public async Task Get_with_a_node_selector_finds_the_resources_on_matching_nodes_while_l_matches_their_own_labels()
    {
        Assert.Equal(0, (await _cli.RunAsync("create", "gpio", "porch-light", "--selector", "room=porch", "--pin", "P11", "--mode", "output", "--value", "high")).Code);
        Assert.Equal(0, (await _cli.RunAsync("create", "gpio", "garage-light", "--node", "node-a", "--pin", "P11", "--mode", "output", "--label", "room=porch")).Code);

        var onPorch = await _cli.RunAsync("get", "gpio", "--node-selector", "room=porch");
        var labelled = await _cli.RunAsync("get", "gpio", "-l", "room=porch");
        var bad = await _cli.RunAsync("get", "gpio", "--node-selector", "=porch");

        Assert.Contains("porch-light", onPorch.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("garage-light", onPorch.Output, StringComparison.Ordinal);
        Assert.Contains("garage-light", labelled.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("porch-light", labelled.Output, StringComparison.Ordinal);
        Assert.Equal(1, bad.Code);
        Assert.Contains("nodeSelector", bad.Error, StringComparison.Ordinal);
    }
}
