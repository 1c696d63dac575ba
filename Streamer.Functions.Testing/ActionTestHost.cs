using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Durable;
using Streamer.Durable.Testing;
using Streamer.Functions.Orchestrations;

namespace Streamer.Functions.Testing;

/// <summary>
/// Runs actions in a unit test the way the Streamer host runs them durably: the real request orchestrator and its
/// activities (plan, chunks with the handler's retry policy, finalize, notify) on a <see cref="DurableTestHost"/>,
/// with progress, cancellation and the owner's messages kept in memory. No storage or network is needed.
/// </summary>
/// <example>
/// <code>
/// await using var host = await ActionTestHost.StartAsync(services =&gt; services.AddAction&lt;WordCountHandler&gt;());
/// var run = await host.RunAsync("word_count", new { documents = new[] { "a b", "c" } });
/// Assert.Equal(3, run.OutputAs&lt;WordCountOutput&gt;().Words);
/// </code>
/// </example>
public sealed class ActionTestHost : IAsyncDisposable
{
    /// <summary>The owner every request of the host runs for.</summary>
    public static readonly RequestOwner Owner = new("test-tenant", "test-user");

    private readonly InMemoryRequestState _state;
    private readonly ActionCatalog _catalog;

    private ActionTestHost(DurableTestHost durable, InMemoryRequestState state, ActionCatalog catalog)
    {
        Durable = durable;
        _state = state;
        _catalog = catalog;
    }

    /// <summary>The underlying orchestration host: its client, fake clock and history.</summary>
    public DurableTestHost Durable { get; }

    /// <summary>Starts a host whose actions (and their dependencies) are registered by <paramref name="configureServices"/>.</summary>
    public static async Task<ActionTestHost> StartAsync(Action<IServiceCollection> configureServices, DurableTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        options ??= new DurableTestHostOptions();
        var hostOptions = new DurableTestHostOptions
        {
            AutoAdvanceTime = options.AutoAdvanceTime,
            StartTime = options.StartTime,
            Timeout = options.Timeout,
            ConfigureWorker = options.ConfigureWorker,
        };
        hostOptions.ConfigureServices = services =>
        {
            options.ConfigureServices?.Invoke(services);
            services.AddStreamerActions();
            configureServices(services);
            services.AddSingleton<InMemoryRequestState>();
            services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<InMemoryRequestState>());
            services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<InMemoryRequestState>());
            services.AddSingleton<IRequestNotifier>(sp => sp.GetRequiredService<InMemoryRequestState>());
        };

        var durable = await DurableTestHost.StartAsync(
            tasks => tasks.AddOrchestrator(RequestOrchestrator.Name, _ => new RequestOrchestrator()).AddRequestActivities(),
            hostOptions);
        return new ActionTestHost(durable, durable.Services.GetRequiredService<InMemoryRequestState>(), durable.Services.GetRequiredService<ActionCatalog>());
    }

    /// <summary>Validates a payload as the HTTP starter does before anything runs; empty when it is acceptable.</summary>
    /// <exception cref="ArgumentException">No action named <paramref name="action"/> is registered.</exception>
    public IReadOnlyList<ValidationError> Validate(string action, object? payload)
        => Handler(action).Validate(ToJson(payload));

    /// <summary>Validates the payload, runs the request to its end and returns how it ended.</summary>
    /// <exception cref="ArgumentException">The action is unknown or the payload invalid (the HTTP API would answer 400).</exception>
    public async Task<ActionRun> RunAsync(string action, object? payload, string? requestId = null)
    {
        var id = await StartAsync(action, payload, requestId);
        return await WaitAsync(id);
    }

    /// <summary>Starts a request without waiting for it; returns its id.</summary>
    /// <exception cref="ArgumentException">The action is unknown or the payload invalid.</exception>
    public async Task<string> StartAsync(string action, object? payload, string? requestId = null)
    {
        var json = ToJson(payload);
        var errors = Handler(action).Validate(json);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"The payload is invalid: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}", nameof(payload));
        }

        var id = requestId ?? Guid.NewGuid().ToString("N");
        var envelope = new RequestEnvelope(id, action, Owner.TenantId, Owner.UserId, json, Durable.TimeProvider.GetUtcNow());
        return await Durable.Client.ScheduleNewOrchestrationInstanceAsync(RequestOrchestrator.Name, envelope, new StartOrchestrationOptions(id));
    }

    /// <summary>Cancels a running request, as <c>POST /api/requests/{id}/cancel</c> does.</summary>
    public Task CancelAsync(string requestId)
    {
        _state.Cancel(requestId);
        // The running chunk's token fires at once, as on the host that takes the cancel; other hosts' chunks notice on their next store poll.
        var request = new ActionRequest(requestId, string.Empty, Owner);
        Durable.Services.GetRequiredService<RequestCancellation>().Signal(request);
        return Durable.Client.RaiseEventAsync(requestId, RequestOrchestrator.CancelEventName);
    }

    /// <summary>Waits for a request to end.</summary>
    public async Task<ActionRun> WaitAsync(string requestId)
    {
        var state = await Durable.WaitForCompletionAsync(requestId);
        JsonElement? output = state.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? state.ReadOutputAs<JsonElement>() : null;
        return new ActionRun(state.RuntimeStatus, output, _state.Error(requestId), _state.SentProgress(requestId));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Durable.DisposeAsync();

    private IActionHandler Handler(string action)
        => _catalog.Find(action) ?? throw new ArgumentException($"No action named '{action}' is registered. Known: {string.Join(", ", _catalog.Names)}.", nameof(action));

    private static JsonElement ToJson(object? payload)
        => payload is JsonElement element ? element : HandlerJson.ToElement(payload);
}
