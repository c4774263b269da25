using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Resources;
using PiController.Protocol.Pins;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// The definitions in deploy/crds (as the hub embeds them) agree with the hub's own rules (SpecRules, HeaderPins):
/// what the schema accepts the hub accepts, or refuses with a reason the schema cannot express; what the hub accepts
/// in the canonical forms the schema accepts too.
/// </summary>
public sealed class CrdSchemaTests
{
    // kubectl's built-in short names (kubectl api-resources on a K3s cluster), which ours must not shadow.
    private static readonly string[] BuiltInShortNames =
        ["cs", "cm", "ep", "ev", "limits", "ns", "no", "pvc", "pv", "po", "rc", "quota", "sa", "svc", "crd", "crds", "ds", "deploy", "rs", "sts", "hpa",
         "cj", "csr", "ing", "netpol", "pdb", "pc", "sc", "ingclass", "ipaddr", "helmchart", "helmchartconfig"];

    private static JsonElement Crd(string plural) =>
        JsonDocument.Parse(CrdManifests.All.Single(m => m.Name == $"{plural}.{CustomResourceKinds.Group}").Json).RootElement;

    private static JsonElement Version(string plural) => Crd(plural).GetProperty("spec").GetProperty("versions")[0];

    private static JsonElement Spec(string plural) =>
        Version(plural).GetProperty("schema").GetProperty("openAPIV3Schema").GetProperty("properties").GetProperty("spec").GetProperty("properties");

    private static string[] Enum(JsonElement field) => field.GetProperty("enum").EnumerateArray().Select(e => e.ToString()).ToArray();

    private static Regex Pattern(JsonElement field) =>
        new(field.GetProperty("anyOf").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "string").GetProperty("pattern").GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1));

    private static JsonElement IntegerBranch(JsonElement field) => field.GetProperty("anyOf").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "integer");

    [Fact]
    public void The_hub_embeds_the_three_definitions_of_deploy_crds()
    {
        Assert.Equal(["gpiopins", "i2cdevices", "pwmcontrollers"], CrdManifests.All.Select(m => m.Name.Split('.')[0]).Order(StringComparer.Ordinal));
        var onDisk = Directory.GetFiles(Path.Join(Repo.Root, "deploy", "crds"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(["gpiopins", "i2cdevices", "pwmcontrollers"], onDisk);
    }

    [Theory]
    [InlineData("gpiopins", "GPIOPin", "gpio")]
    [InlineData("pwmcontrollers", "PWMController", "pwm")]
    [InlineData("i2cdevices", "I2CDevice", "i2c")]
    public void Each_definition_is_namespaced_with_status_printer_columns_and_a_short_name_no_built_in_has(string plural, string kind, string shortName)
    {
        var spec = Crd(plural).GetProperty("spec");
        Assert.Equal((kind, "Namespaced", CustomResourceKinds.Group), (spec.GetProperty("names").GetProperty("kind").GetString(), spec.GetProperty("scope").GetString(), spec.GetProperty("group").GetString()));
        Assert.Equal([shortName], spec.GetProperty("names").GetProperty("shortNames").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(shortName, BuiltInShortNames);
        var version = Version(plural);
        Assert.Equal(JsonValueKind.Object, version.GetProperty("subresources").GetProperty("status").ValueKind);
        var columns = version.GetProperty("additionalPrinterColumns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal("Node", columns[0]);
        Assert.Equal(["Desired", "Observed", "Applied", "Age"], columns.TakeLast(4));
        var conditions = version.GetProperty("schema").GetProperty("openAPIV3Schema").GetProperty("properties").GetProperty("status").GetProperty("properties").GetProperty("conditions");
        Assert.Equal("map", conditions.GetProperty("x-kubernetes-list-type").GetString());
    }

    [Fact]
    public void Gpio_choices_and_ranges_are_the_hubs()
    {
        var spec = Spec("gpiopins");
        Assert.Equal(["input", "output"], Enum(spec.GetProperty("mode")));
        Assert.Equal(["none", "up", "down"], Enum(spec.GetProperty("pull")));
        Assert.Equal(["none", "rising", "falling", "both"], Enum(spec.GetProperty("edge")));
        Assert.Equal(["high", "low"], Enum(spec.GetProperty("value")));
        Assert.Equal(["release", "keep"], Enum(spec.GetProperty("onDelete")));
        Assert.Equal(SpecRules.MaxDebounceMs, spec.GetProperty("debounceMs").GetProperty("maximum").GetUInt32());
        foreach (var (field, value) in new[] { ("mode", "output"), ("pull", "up"), ("edge", "both"), ("onDelete", "keep") })
        {
            foreach (var choice in Enum(spec.GetProperty(field)))
            {
                var gpio = field switch
                {
                    "mode" => new GpioSpec("17", choice),
                    "pull" => new GpioSpec("17", "input", Pull: choice),
                    "edge" => new GpioSpec("17", "input", Edge: choice),
                    _ => new GpioSpec("17", "output", OnDelete: choice),
                };
                var errors = new List<string>();
                Assert.True(SpecRules.Check(gpio, errors) is not null, $"{field}: {choice} ({value}): {string.Join("; ", errors)}");
            }
        }
    }

    [Fact]
    public void Every_gpio_pin_the_schema_accepts_the_hub_accepts_or_refuses_as_eeprom_power_or_ground()
    {
        var pin = Spec("gpiopins").GetProperty("pin");
        var pattern = Pattern(pin);
        var integers = IntegerBranch(pin);
        Assert.Equal((0, HeaderLayout.MaxHeaderBcm), (integers.GetProperty("minimum").GetInt32(), integers.GetProperty("maximum").GetInt32()));
        var candidates = Enumerable.Range(0, 45).SelectMany(n => new[] { $"{n}", $"GPIO{n}", $"gpio{n}", $"BCM{n}", $"P{n}", $"pin {n}", $"physical {n}", $"phys{n}", $"x{n}" });
        foreach (var text in candidates)
        {
            var bcm = HeaderPins.Resolve(text, out var problem);
            if (pattern.IsMatch(text))
            {
                Assert.True(bcm is not null || problem!.Contains("EEPROM", StringComparison.Ordinal) || problem.Contains("power", StringComparison.Ordinal)
                    || problem.Contains("ground", StringComparison.Ordinal), $"the schema accepts \"{text}\", the hub refuses it: {problem}");
            }
            else
            {
                Assert.True(bcm is null, $"the hub accepts \"{text}\" (GPIO{bcm}), the schema refuses it");
            }
        }
    }

    [Fact]
    public void Pwm_pins_frequency_and_duty_are_the_hubs()
    {
        var spec = Spec("pwmcontrollers");
        var pattern = Pattern(spec.GetProperty("pin"));
        var integers = Enum(IntegerBranch(spec.GetProperty("pin"))).Select(int.Parse).ToArray();
        for (var n = 0; n <= 40; n++)
        {
            foreach (var text in new[] { $"{n}", $"GPIO{n}", $"P{n}", $"pin {n}" })
            {
                var accepted = SpecRules.Check(new PwmSpec(text, 1000, 50), []) is not null;
                Assert.True(accepted == pattern.IsMatch(text), $"\"{text}\": the hub {(accepted ? "accepts" : "refuses")} it, the schema does not agree");
            }
            Assert.Equal(SpecRules.Check(new PwmSpec($"{n}", 1000, 50), []) is not null, integers.Contains(n));
        }
        Assert.Equal((1L, SpecRules.MaxFrequencyHz), (spec.GetProperty("frequencyHz").GetProperty("minimum").GetInt64(), spec.GetProperty("frequencyHz").GetProperty("maximum").GetInt64()));
        Assert.Equal((0d, 100d), (spec.GetProperty("dutyPercent").GetProperty("minimum").GetDouble(), spec.GetProperty("dutyPercent").GetProperty("maximum").GetDouble()));
    }

    [Fact]
    public void I2c_addresses_devices_buses_and_intervals_are_the_hubs()
    {
        var spec = Spec("i2cdevices");
        var address = spec.GetProperty("address");
        var pattern = Pattern(address);
        var integers = IntegerBranch(address);
        Assert.Equal((SpecRules.FirstAddress, SpecRules.LastAddress), (integers.GetProperty("minimum").GetUInt32(), integers.GetProperty("maximum").GetUInt32()));
        for (var a = 0; a < 0x100; a++)
        {
            foreach (var text in new[] { $"0x{a:x2}", $"0X{a:X2}" })
            {
                var accepted = SpecRules.Check(new I2cSpec(1, text, "bme280"), []) is not null;
                Assert.True(accepted == pattern.IsMatch(text), $"\"{text}\": the hub {(accepted ? "accepts" : "refuses")} it, the schema does not agree");
            }
            Assert.Equal(a is >= 0x03 and <= 0x77, SpecRules.Check(new I2cSpec(1, a.ToString(CultureInfo.InvariantCulture), "bme280"), []) is not null);
        }
        Assert.Equal(SpecRules.Devices, Enum(spec.GetProperty("device")));
        Assert.Equal((0, 255), (spec.GetProperty("bus").GetProperty("minimum").GetInt32(), spec.GetProperty("bus").GetProperty("maximum").GetInt32()));
        Assert.Equal((SpecRules.MinIntervalMs, SpecRules.MaxIntervalMs), (spec.GetProperty("intervalMs").GetProperty("minimum").GetInt64(), spec.GetProperty("intervalMs").GetProperty("maximum").GetInt64()));
    }
}
