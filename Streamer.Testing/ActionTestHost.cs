using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Orchestration;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Api.Requests;

namespace Streamer.Testing;

/// <summary>
/// Runs actions in a unit test the way the Streamer host runs them durably: the real request orchestrator and its
/// activities (plan, chunks with the handler's retry policy, finalize, notify) on durabletask-dotnet's in-process test
/// host (<see cref="DurableTaskTestHost"/>), with progress, cancellation and the owner's messages kept in memory. No
/// storage is needed. Durable timers are real: a retry waits the handler's <see cref="ChunkExecution.FirstRetryInterval"/>.
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

    private readonly DurableTaskTestHost _durable;
    private readonly InMemoryRequestState _state;
    private readonly ActionCatalog _catalog;

    private ActionTestHost(DurableTaskTestHost durable)
    {
        _durable = durable;
        _state = durable.Services.GetRequiredService<InMemoryRequestState>();
        _catalog = durable.Services.GetRequiredService<ActionCatalog>();
    }

    /// <summary>The client of the in-process task hub, to start, query or control instances directly.</summary>
    public DurableTaskClient Client => _durable.Client;

    /// <summary>The worker's services (the actions and their dependencies).</summary>
    public IServiceProvider Services => _durable.Services;

    /// <summary>How long <see cref="WaitAsync"/> waits for a request to end before it fails the test.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Starts a host whose actions (and their dependencies) are registered by <paramref name="configureServices"/>.</summary>
    public static async Task<ActionTestHost> StartAsync(Action<IServiceCollection> configureServices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        var options = new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddStreamerActions();
                configureServices(services);
                services.AddSingleton<InMemoryRequestState>();
                services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<InMemoryRequestState>());
                services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<InMemoryRequestState>());
                services.AddSingleton<IOutcomeStore>(sp => sp.GetRequiredService<InMemoryRequestState>());
                services.AddSingleton<IRequestNotifier>(sp => sp.GetRequiredService<InMemoryRequestState>());
                services.AddSingleton<IRequestDataStore, InMemoryRequestData>();
            },
        };
        // The test host picks a random port in 30000-40000 by default, inside Linux's ephemeral range, so with many
        // connections open it can collide with one of them: ask the OS for a free port, and take another if it was taken meanwhile.
        for (var attempt = 1; ; attempt++)
        {
            options.Port = FreeTcpPort();
            try
            {
                var durable = await DurableTaskTestHost.StartAsync(tasks => tasks.AddRequestTasks(), options, cancellationToken);
                return new ActionTestHost(durable);
            }
            catch (IOException ex) when (attempt < 5 && IsAddressInUse(ex))
            {
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
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

        // The instance id is the request id here; the key only has to be new for each start, as the host's payload hash is.
        var payloadKey = Guid.NewGuid().ToString("N");
        await Services.GetRequiredService<RequestPayloads>().WriteAsync(id, payloadKey, json, CancellationToken.None);
        var envelope = new RequestEnvelope(id, action, Owner.TenantId, Owner.UserId, payloadKey, DateTimeOffset.UtcNow);
        return await Client.ScheduleNewOrchestrationInstanceAsync(RequestOrchestrator.Name, new RequestRun(envelope), new StartOrchestrationOptions(id));
    }

    /// <summary>Cancels a running request, as <c>POST /api/requests/{id}/cancel</c> does.</summary>
    public Task CancelAsync(string requestId)
    {
        _state.Cancel(requestId);

        // The running chunk's token fires at once, as on the host that takes the cancel; other hosts' chunks notice on their next store poll.
        Services.GetRequiredService<RequestCancellation>().Signal(new ActionRequest(requestId, string.Empty, Owner));
        return Client.RaiseEventAsync(requestId, RequestOrchestrator.CancelEventName);
    }

    /// <summary>Waits for a request to end.</summary>
    /// <exception cref="TimeoutException">It did not end within <see cref="Timeout"/>.</exception>
    public async Task<ActionRun> WaitAsync(string requestId)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        OrchestrationMetadata state;
        try
        {
            state = await Client.WaitForInstanceCompletionAsync(requestId, getInputsAndOutputs: true, deadline.Token);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Request '{requestId}' did not end within {Timeout}.", ex);
        }

        var status = RequestRuntimeStatuses.Of(state);
        JsonElement? output = status == RequestRuntimeStatus.Completed ? state.ReadOutputAs<JsonElement>() : null;
        return new ActionRun(status, output, _state.Error(requestId), _state.SentProgress(requestId));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _durable.DisposeAsync();

    private IActionHandler Handler(string action)
        => _catalog.Find(action) ?? throw new ArgumentException($"No action named '{action}' is registered. Known: {string.Join(", ", _catalog.Names)}.", nameof(action));

    private static JsonElement ToJson(object? payload)
        => payload is JsonElement element ? element : HandlerJson.ToElement(payload);
}
