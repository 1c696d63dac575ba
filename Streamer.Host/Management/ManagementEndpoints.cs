using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;
using Streamer.Api.Hosting;
using Streamer.Api.Requests;

namespace Streamer.Host.Management;

/// <summary>
/// <c>/runtime/webhooks/durabletask/instances</c>: Durable Functions' instance management webhooks (status, query,
/// raise event, terminate, suspend, resume, purge) with the same routes, JSON and status codes, authorized by the
/// system key (<see cref="SystemKeyFilter"/>). The <c>taskHub</c> and <c>connection</c> query parameters that
/// Durable's URLs carry are accepted and ignored: this host serves exactly one task hub.
/// </summary>
internal static class ManagementEndpoints
{
    /// <summary>The base path, as on the Functions host.</summary>
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>The header that carries a query's continuation token, both ways.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(BasePath + "/instances").AddEndpointFilter<SystemKeyFilter>();
        instances.MapGet("", QueryAsync);
        instances.MapDelete("", PurgeManyAsync);
        instances.MapGet("{instanceId}", GetAsync);
        instances.MapDelete("{instanceId}", PurgeAsync);
        instances.MapPost("{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        instances.MapPost("{instanceId}/terminate", (string instanceId, HttpContext http, DurableTaskClient client, CancellationToken ct)
            => ControlAsync(instanceId, http, client, (id, reason) => client.TerminateInstanceAsync(id, reason, ct), ct));
        instances.MapPost("{instanceId}/suspend", (string instanceId, HttpContext http, DurableTaskClient client, CancellationToken ct)
            => ControlAsync(instanceId, http, client, (id, reason) => client.SuspendInstanceAsync(id, reason, ct), ct));
        instances.MapPost("{instanceId}/resume", (string instanceId, HttpContext http, DurableTaskClient client, CancellationToken ct)
            => ControlAsync(instanceId, http, client, (id, reason) => client.ResumeInstanceAsync(id, reason, ct), ct));
        return app;
    }

    /// <summary>GET one instance: 202 with <c>Location</c> and <c>Retry-After</c> while it runs, 200 once it finished, 404 when unknown.</summary>
    private static async Task<IResult> GetAsync(string instanceId, HttpContext http, DurableTaskClient client, IOptions<StreamerOptions> options, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        inputs.InstanceId(instanceId);
        var showHistory = inputs.Flag("showHistory", defaultValue: false);
        var showHistoryOutput = inputs.Flag("showHistoryOutput", defaultValue: false);
        var showInput = inputs.Flag("showInput", defaultValue: true);
        var failureAs500 = inputs.Flag("returnInternalServerErrorOnFailure", defaultValue: false);
        if (inputs.Errors.Count > 0)
        {
            return Problems.Validation(inputs.Errors);
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return UnknownInstance(instanceId);
        }

        var history = showHistory ? HistoryEventJson.Map(await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken), showHistoryOutput, showInput) : null;
        var body = InstanceStatusResponse.From(instance, showInput, history);
        if (!instance.IsCompleted)
        {
            // Durable points Location at the URL just called, key included, so that a polling client keeps working.
            http.Response.Headers.Location = http.Request.GetEncodedUrl();
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(options.Value.PollInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }

        var status = failureAs500 && instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        return TypedResults.Json(body, statusCode: status);
    }

    /// <summary>GET instances: filtered, one page at a time with <c>x-ms-continuation-token</c> (in the task hub's order, by instance id).</summary>
    private static async Task<IResult> QueryAsync(HttpContext http, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        var statuses = inputs.Statuses("runtimeStatus");
        var from = inputs.Time("createdTimeFrom");
        var to = inputs.Time("createdTimeTo");
        inputs.Range(from, to, "createdTimeFrom", "createdTimeTo");
        var top = inputs.Integer("top", DefaultPageSize, 1, MaxPageSize);
        var showInput = inputs.Flag("showInput", defaultValue: true);
        var prefix = inputs.Text("instanceIdPrefix");
        var header = http.Request.Headers[ContinuationHeader].FirstOrDefault(v => !string.IsNullOrEmpty(v));
        string? continuation = null;
        if (header is not null && !QueryContinuationTokens.TryDecode(header, out continuation))
        {
            inputs.Add(ContinuationHeader, "is not a token this API returned; send the header's value from the previous page unchanged, or omit it for the first page");
        }

        if (inputs.Errors.Count > 0)
        {
            return Problems.Validation(inputs.Errors);
        }

        var query = new OrchestrationQuery
        {
            Statuses = statuses,
            CreatedFrom = from,
            CreatedTo = to,
            InstanceIdPrefix = prefix,
            PageSize = top,
            FetchInputsAndOutputs = true,
        };
        var page = await FirstPageAsync(client.GetAllInstancesAsync(query), continuation, top, cancellationToken);
        if (page.ContinuationToken is { } next)
        {
            http.Response.Headers[ContinuationHeader] = QueryContinuationTokens.Encode(next);
        }

        return TypedResults.Ok(page.Values.Select(i => InstanceStatusResponse.From(i, showInput, history: null)).ToList());
    }

    /// <summary>POST raiseEvent: 202, or 404 unknown, 410 finished, 400 when the body is not JSON.</summary>
    private static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, HttpContext http, DurableTaskClient client, IOptions<StreamerOptions> options, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        inputs.InstanceId(instanceId);
        if (string.IsNullOrWhiteSpace(eventName))
        {
            inputs.Add("eventName", "must not be empty");
        }

        if (inputs.Errors.Count > 0)
        {
            return Problems.Validation(inputs.Errors);
        }

        // Existence and state first, then the body, in Durable's order.
        if (await FindRunningAsync(instanceId, client, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Validation([new ValidationError("body", $"must be JSON sent with 'Content-Type: application/json'; got '{http.Request.ContentType}'")]);
        }

        var (data, problem) = await ReadJsonAsync(http, options.Value.MaxPayloadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await client.RaiseEventAsync(instanceId, eventName, data, cancellationToken);

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>POST terminate, suspend, resume (with an optional <c>reason</c>): 202, or 404 unknown, 410 finished.</summary>
    private static async Task<IResult> ControlAsync(string instanceId, HttpContext http, DurableTaskClient client, Func<string, string?, Task> operation, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        inputs.InstanceId(instanceId);
        var reason = inputs.Text("reason");
        if (inputs.Errors.Count > 0)
        {
            return Problems.Validation(inputs.Errors);
        }

        if (await FindRunningAsync(instanceId, client, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await operation(instanceId, reason);

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>DELETE one instance: 200 <c>{ instancesDeleted }</c>, 404 unknown, 412 while it still runs (as Durable).</summary>
    private static async Task<IResult> PurgeAsync(string instanceId, HttpContext http, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        inputs.InstanceId(instanceId);
        if (inputs.Errors.Count > 0)
        {
            return Problems.Validation(inputs.Errors);
        }

        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is null)
        {
            return UnknownInstance(instanceId);
        }

        if (!instance.IsCompleted)
        {
            return Problems.Create(
                StatusCodes.Status412PreconditionFailed, ProblemCodes.Conflict, "The instance has not finished.",
                $"Only finished instances can be purged, but instance '{instanceId}' is {instance.RuntimeStatus}; terminate it first (POST .../instances/{instanceId}/terminate).");
        }

        var result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return result.PurgedInstanceCount == 0 ? UnknownInstance(instanceId) : TypedResults.Ok(new PurgeHistoryResponse(result.PurgedInstanceCount));
    }

    /// <summary>DELETE instances: purges finished instances created in [createdTimeFrom, createdTimeTo); 404 when none matched.</summary>
    private static async Task<IResult> PurgeManyAsync(HttpContext http, DurableTaskClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        var inputs = new ManagementInputs(http.Request.Query);
        var from = inputs.Time("createdTimeFrom");
        var to = inputs.Time("createdTimeTo");
        var statuses = inputs.Statuses("runtimeStatus", terminalOnly: true);
        if (string.IsNullOrEmpty(http.Request.Query["createdTimeFrom"].FirstOrDefault()))
        {
            // Required, as in Durable: a purge without a lower bound is too easy to send by mistake.
            inputs.Add("createdTimeFrom", "is required, e.g. createdTimeFrom=2024-05-01T00:00:00Z");
        }

        inputs.Range(from, to, "createdTimeFrom", "createdTimeTo");
        if (inputs.Errors.Count > 0 || from is null)
        {
            return Problems.Validation(inputs.Errors);
        }

        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to ?? time.GetUtcNow(), statuses), cancellationToken);
        return result.PurgedInstanceCount == 0
            ? Problems.NotFound("No finished instance matches the filter; nothing was purged.")
            : TypedResults.Ok(new PurgeHistoryResponse(result.PurgedInstanceCount));
    }

    /// <summary>404 for an unknown instance, 410 for a finished one, null when it can still take events.</summary>
    private static async Task<IResult?> FindRunningAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is null)
        {
            return UnknownInstance(instanceId);
        }

        return instance.IsCompleted
            ? Problems.Gone($"Instance '{instanceId}' has already finished ({instance.RuntimeStatus}) and accepts no more events or operations.")
            : null;
    }

    private static async Task<(JsonElement? Data, IResult? Problem)> ReadJsonAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, Problems.PayloadTooLarge(maxBytes));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            // Event data reaches the orchestration's history as it is sent, so it follows a start body's text rules.
            var (data, error) = await JsonBody.ReadAsync(http.Request.Body, cancellationToken);
            return error is null
                ? (data, null)
                : (null, Problems.Validation([error with { Message = $"{error.Message}; send the event data as a JSON value, e.g. {{\"approved\": true}} or null" }]));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge(maxBytes));
        }
    }

    private static async Task<Page<OrchestrationMetadata>> FirstPageAsync(AsyncPageable<OrchestrationMetadata> pageable, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in pageable.AsPages(continuation, pageSize).WithCancellation(cancellationToken))
        {
            return page;
        }

        return new Page<OrchestrationMetadata>([]);
    }

    private static IResult UnknownInstance(string instanceId) => Problems.NotFound($"No orchestration instance '{instanceId}' exists in this task hub.");
}
