using System.Text;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// The few protobuf bodies kubectl's typed commands send (application/vnd.kubernetes.protobuf): a Namespace
/// (kubectl create namespace), a ConfigMap or Secret (kubectl create configmap|secret), a ResourceQuota's hard
/// limits (kubectl create quota), an Eviction (kubectl drain) and DeleteOptions' preconditions and dryRun, read from the "k8s\0" envelope (runtime.Unknown) into
/// JSON: metadata name, generateName, namespace, labels, annotations, finalizers. Any other kind is refused with 415,
/// which tells the client to send JSON.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    /// <exception cref="ApiStatusException">415: not an envelope, or a kind this reader does not know.</exception>
    public static JsonObject Decode(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw Unsupported("the body has no k8s protobuf envelope");
        }
        var envelope = Fields(body.AsMemory(Magic.Length));
        var typeMeta = Fields(envelope.GetValueOrDefault(1)?.FirstOrDefault() ?? default);
        var apiVersion = Text(typeMeta, 1);
        var kind = Text(typeMeta, 2);
        var raw = Fields(envelope.GetValueOrDefault(2)?.FirstOrDefault() ?? default);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch (kind)
        {
            case "Namespace":
            case "Eviction":
                obj["metadata"] = Metadata(Fields(raw.GetValueOrDefault(1)?.FirstOrDefault() ?? default));
                if (kind == "Namespace" && raw.TryGetValue(2, out var spec))
                {
                    obj["spec"] = new JsonObject { ["finalizers"] = Strings(Fields(spec[0]), 1) };
                }
                return obj;
            case "ConfigMap":
            case "Secret":
                obj["metadata"] = Metadata(Fields(raw.GetValueOrDefault(1)?.FirstOrDefault() ?? default));
                if (raw.TryGetValue(2, out var data))
                {
                    // ConfigMap data is text; Secret data is bytes, base64 in JSON.
                    obj["data"] = new JsonObject(data.Select(e => Fields(e)).Select(e => KeyValuePair.Create(Text(e, 1),
                        (JsonNode?)(kind == "Secret" ? Convert.ToBase64String((e.GetValueOrDefault(2)?.FirstOrDefault() ?? default).Span) : Text(e, 2)))));
                }
                if (kind == "Secret" && Text(raw, 3) is { Length: > 0 } type)
                {
                    obj["type"] = type;
                }
                return obj;
            case "DeleteOptions":
                // What a delete can carry that the double honours: preconditions (uid, resourceVersion) and dryRun.
                var preconditions = Fields(raw.GetValueOrDefault(2)?.FirstOrDefault() ?? default);
                obj["preconditions"] = new JsonObject { ["uid"] = NullIfEmpty(Text(preconditions, 1)), ["resourceVersion"] = NullIfEmpty(Text(preconditions, 2)) };
                obj["dryRun"] = Strings(raw, 5);
                return obj;
            case "ResourceQuota":
                obj["metadata"] = Metadata(Fields(raw.GetValueOrDefault(1)?.FirstOrDefault() ?? default));
                var hard = raw.TryGetValue(2, out var quotaSpec) ? Fields(quotaSpec[0]).GetValueOrDefault(1) ?? [] : [];
                // spec.hard: map of resource name to Quantity (a message whose field 1 is the quantity's text).
                obj["spec"] = new JsonObject
                {
                    ["hard"] = new JsonObject(hard.Select(e => Fields(e)).Select(e => KeyValuePair.Create(Text(e, 1),
                        (JsonNode?)Text(Fields(e.GetValueOrDefault(2)?.FirstOrDefault() ?? default), 1)))),
                };
                return obj;
            default:
                throw Unsupported($"the double reads a protobuf {kind} not at all; send it as JSON");
        }
    }

    private static JsonObject Metadata(Dictionary<int, List<ReadOnlyMemory<byte>>> meta)
    {
        var json = new JsonObject();
        foreach (var (number, name) in new[] { (1, "name"), (2, "generateName"), (3, "namespace") })
        {
            if (Text(meta, number) is { Length: > 0 } value)
            {
                json[name] = value;
            }
        }
        foreach (var (number, name) in new[] { (11, "labels"), (12, "annotations") })
        {
            if (meta.TryGetValue(number, out var entries))
            {
                json[name] = new JsonObject(entries.Select(e => Fields(e)).Select(e => KeyValuePair.Create(Text(e, 1), (JsonNode?)Text(e, 2))));
            }
        }
        if (meta.ContainsKey(14))
        {
            json["finalizers"] = Strings(meta, 14);
        }
        return json;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static JsonArray Strings(Dictionary<int, List<ReadOnlyMemory<byte>>> fields, int number) =>
        new((fields.GetValueOrDefault(number) ?? []).Select(v => (JsonNode)Encoding.UTF8.GetString(v.Span)).ToArray());

    private static string Text(Dictionary<int, List<ReadOnlyMemory<byte>>> fields, int number) =>
        fields.GetValueOrDefault(number)?.FirstOrDefault() is { } value ? Encoding.UTF8.GetString(value.Span) : "";

    /// <summary>The length-delimited fields of a message by number (varint and fixed fields are skipped).</summary>
    private static Dictionary<int, List<ReadOnlyMemory<byte>>> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new Dictionary<int, List<ReadOnlyMemory<byte>>>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = Varint(span, ref at);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(span, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref at);
                    if (length < 0 || at + length > span.Length)
                    {
                        throw Unsupported("the protobuf body is cut short");
                    }
                    if (!fields.TryGetValue(number, out var list))
                    {
                        fields[number] = list = [];
                    }
                    list.Add(message.Slice(at, length));
                    at += length;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw Unsupported("the protobuf body has a field of an unknown wire type");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && at < span.Length; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw Unsupported("the protobuf body has a broken varint");
    }

    private static ApiStatusException Unsupported(string why) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml ({why})");
}
