using System.Text;
using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Hardware;
using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Api;

/// <summary>
/// A refused body is described by what the document is and where the path leads in the contract, never by the
/// wording of the serializer's exception (a newer runtime may word it otherwise).
/// </summary>
public sealed class JsonBodyTests
{
    private static JsonException Refusal(string path, string message = "whatever the runtime says") => new(message, path, 0, 5);

    [Theory]
    [InlineData("$.ttl_seconds")]
    [InlineData("$['odd name']")]
    public void A_path_naming_a_member_the_contract_lacks_is_an_unknown_field(string path)
    {
        var problem = JsonBody.Describe(Refusal(path), Encoding.UTF8.GetBytes("""{"count": 1}"""), NodesJsonContext.Default.PingRequest);

        Assert.StartsWith($"unknown field {path}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_member_is_a_value_of_the_wrong_type_whatever_the_message_says()
    {
        var problem = JsonBody.Describe(Refusal("$.count", "The JSON property 'count' could not be mapped to any .NET member"),
            Encoding.UTF8.GetBytes("""{"count": "four"}"""), NodesJsonContext.Default.PingRequest);

        Assert.StartsWith("$.count has a value of the wrong type", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_into_arrays_are_followed_to_the_element_contract()
    {
        var body = Encoding.UTF8.GetBytes("""{"ops": [{"pin": "17", "wrte": "high"}]}""");

        Assert.StartsWith("unknown field $.ops[0].wrte", JsonBody.Describe(Refusal("$.ops[0].wrte"), body, HardwareJsonContext.Default.GpioBatchRequest), StringComparison.Ordinal);
        Assert.StartsWith("$.ops[0].write has a value", JsonBody.Describe(Refusal("$.ops[0].write"), body, HardwareJsonContext.Default.GpioBatchRequest), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_well_formed_is_malformed_JSON()
    {
        var problem = JsonBody.Describe(Refusal("$.count", "'}' is invalid after a value. Expected ','"), Encoding.UTF8.GetBytes("""{"count": 1 }}"""),
            NodesJsonContext.Default.PingRequest);

        Assert.StartsWith("malformed JSON at $.count", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_serializer_really_throws_is_classified_the_same_way()
    {
        var unknown = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"count": 1, "cuont": 2}""", StrictPing.PingRequest));
        var wrong = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"count": "four"}""", StrictPing.PingRequest));

        Assert.StartsWith("unknown field $.cuont", JsonBody.Describe(unknown, Encoding.UTF8.GetBytes("""{"count": 1, "cuont": 2}"""), StrictPing.PingRequest), StringComparison.Ordinal);
        Assert.StartsWith("$.count has a value of the wrong type", JsonBody.Describe(wrong, Encoding.UTF8.GetBytes("""{"count": "four"}"""), StrictPing.PingRequest), StringComparison.Ordinal);
    }

    private static class StrictPing
    {
        public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<PingRequest> PingRequest =
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<PingRequest>)new JsonSerializerOptions(NodesJsonContext.Default.Options)
            {
                UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            }.GetTypeInfo(typeof(PingRequest));
    }
}
