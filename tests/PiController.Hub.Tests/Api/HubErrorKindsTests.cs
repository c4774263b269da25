using Grpc.Core;
using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Tests.Api;

public sealed class HubErrorKindsTests
{
    [Fact]
    public void Every_kind_has_its_own_title_an_error_status_and_a_gRPC_status()
    {
        var kinds = Enum.GetValues<HubErrorKind>();

        Assert.Equal(kinds.Length, kinds.Select(HubErrorKinds.Title).Distinct(StringComparer.Ordinal).Count());
        Assert.All(kinds, k => Assert.InRange(HubErrorKinds.HttpStatus(k), 400, 599));
        Assert.All(kinds, k => Assert.NotEqual(StatusCode.OK, HubErrorKinds.GrpcStatus(k)));
        Assert.All(kinds, k => Assert.NotEqual(StatusCode.Unknown, HubErrorKinds.GrpcStatus(k)));
    }

    [Theory]
    [InlineData("Invalid", 400, StatusCode.InvalidArgument)]
    [InlineData("NotFound", 404, StatusCode.NotFound)]
    [InlineData("Conflict", 409, StatusCode.FailedPrecondition)]
    [InlineData("Precondition", 422, StatusCode.FailedPrecondition)]
    [InlineData("Forbidden", 403, StatusCode.PermissionDenied)]
    [InlineData("Unavailable", 503, StatusCode.Unavailable)]
    [InlineData("Deadline", 504, StatusCode.DeadlineExceeded)]
    public void The_interceptor_and_the_handler_read_the_same_row(string name, int http, StatusCode grpc)
    {
        var kind = Enum.Parse<HubErrorKind>(name);
        var rpc = HubExceptionInterceptor.ToRpc(new HubException(kind, "what to do next"));
        var problem = Problems.From(new HubException(kind, "what to do next"));

        Assert.Equal((grpc, "what to do next"), (rpc.StatusCode, rpc.Status.Detail));
        Assert.Equal((http, HubErrorKinds.Title(kind), "what to do next"), (problem.StatusCode, problem.ProblemDetails.Title, problem.ProblemDetails.Detail));
    }

    [Theory]
    [InlineData("UnknownNode", "NotFound")]
    [InlineData("NodeOffline", "Unavailable")]
    [InlineData("DeadlineExceeded", "Deadline")]
    public void A_command_that_got_no_result_is_a_hub_error_of_its_kind(string failure, string expected)
    {
        var kind = Enum.Parse<HubErrorKind>(expected);
        HubException e = new CommandFailedException(Enum.Parse<CommandFailureKind>(failure), "node pi-7 is not connected");

        Assert.Equal((kind, HubErrorKinds.Title(kind)), (e.Kind, e.Title));
    }
}
