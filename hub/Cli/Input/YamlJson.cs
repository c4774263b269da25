using System.Buffers;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// YAML read into JSON values with YamlDotNet's parser (events only, no reflection): plain scalars are typed as the
/// YAML 1.2 core schema says (true/false, null, ~, integers in decimal, 0x and 0o, floats), quoted and block
/// scalars stay strings. Anchors and aliases are refused rather than expanded, so a small file cannot grow into a
/// huge one ("billion laughs"); so are tags other than the core ones, keys that are not scalars and duplicate keys.
/// Every error names the line and column.
/// </summary>
internal static class YamlJson
{
    /// <summary>How deep mappings and sequences may nest; resource documents need four or five levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The documents of a YAML stream, each with the line it starts on; empty documents are skipped.</summary>
    public static IReadOnlyList<(JsonElement Value, int Line)> Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var documents = new List<(JsonElement, int)>();
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                var start = parser.Consume<DocumentStart>();
                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    WriteNode(parser, writer, 0);
                }
                parser.Consume<DocumentEnd>();
                using var json = JsonDocument.Parse(buffer.WrittenMemory);
                if (json.RootElement.ValueKind != JsonValueKind.Null)
                {
                    documents.Add((json.RootElement.Clone(), (int)start.Start.Line));
                }
            }
        }
        catch (YamlException e)
        {
            throw new InputException($"line {e.Start.Line}, column {e.Start.Column}: {Clean(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            // The parser gives up on some unclosed flow collections this way, without a mark; the last event it read has one.
            var at = parser.Current?.End;
            throw new InputException($"line {at?.Line ?? 1}, column {at?.Column ?? 1}: the YAML is malformed here ({e.Message}); check the brackets and indentation");
        }
        return documents;
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, int depth)
    {
        var current = parser.Current ?? throw new InputException("the YAML ends in the middle of a value");
        if (depth > MaxDepth)
        {
            throw At(current, $"nested more than {MaxDepth} levels deep");
        }
        switch (current)
        {
            case AnchorAlias alias:
                throw At(alias, $"aliases (*{alias.Value}) are not accepted; write the value out where it is used");
            case NodeEvent { Anchor.IsEmpty: false } anchored:
                throw At(anchored, $"anchors (&{anchored.Anchor}) are not accepted; write the value out where it is used");
            case Scalar scalar:
                parser.MoveNext();
                YamlScalar.Write(scalar, writer);
                return;
            case SequenceStart sequence:
                RefuseTag(sequence, "tag:yaml.org,2002:seq");
                parser.MoveNext();
                writer.WriteStartArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    WriteNode(parser, writer, depth + 1);
                }
                writer.WriteEndArray();
                return;
            case MappingStart mapping:
                RefuseTag(mapping, "tag:yaml.org,2002:map");
                parser.MoveNext();
                writer.WriteStartObject();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = parser.Current as Scalar ?? throw At(parser.Current!, "a mapping key must be a plain value (name: value), not a list or a mapping");
                    if (!key.Anchor.IsEmpty)
                    {
                        throw At(key, $"anchors (&{key.Anchor}) are not accepted; write the value out where it is used");
                    }
                    if (!keys.Add(key.Value))
                    {
                        throw At(key, $"the key \"{key.Value}\" appears twice in one mapping; keep one");
                    }
                    parser.MoveNext();
                    writer.WritePropertyName(key.Value);
                    WriteNode(parser, writer, depth + 1);
                }
                writer.WriteEndObject();
                return;
            default:
                throw At(current, $"unexpected {current.GetType().Name}");
        }
    }

    private static void RefuseTag(NodeEvent node, string allowed)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value != allowed)
        {
            throw At(node, $"the tag {node.Tag.Value} is not accepted here; remove it");
        }
    }

    internal static InputException At(ParsingEvent e, string message) =>
        new($"line {e.Start.Line}, column {e.Start.Column}: {message}");

    // YamlDotNet prefixes its messages with the marks ("(Line: 3, Col: 1, Idx: 20) - (Line: ...): "); we say where ourselves.
    private static string Clean(string message)
    {
        var colon = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && colon > 0 ? message[(colon + 3)..] : message;
    }
}
