using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Hardware;

/// <summary>Runs a hardware request and turns its failures into problem details a person can act on.</summary>
internal static class HardwareResults
{
    public static async Task<Results<Ok<T>, ProblemHttpResult>> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return TypedResults.Ok(await action().ConfigureAwait(false));
        }
        catch (CommandFailedException e)
        {
            return Problems.From(e);
        }
        catch (HardwareCommandException e)
        {
            return TypedResults.Problem(title: e.Title, detail: e.Message, statusCode: e.HttpStatus);
        }
    }
}
