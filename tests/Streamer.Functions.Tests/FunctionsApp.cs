using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Activities.Orchestration;
using Streamer.Activities.RequestData;
using Streamer.Activities.Tasks;
using Streamer.Api.Actions;
using Streamer.Api.Auth;
using Streamer.Api.Hosting;
using Streamer.Api.Requests;
using Streamer.Functions.Durable;
using Streamer.Functions.Hosting;
using Streamer.Functions.Http;
using Streamer.Testing.Azurite;

namespace Streamer.Functions.Tests;

/// <summary>
/// The Functions app's functions, called as the Functions host would call them: the services its Program registers, on
/// Azurite, with durabletask-dotnet's in-process test host as the engine. The orchestration and activity triggers are
/// registered on that host through the function methods themselves, so a started request runs through them.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    public const string SigningKey = "functions-tests-signing-key-0123456789abcdef";

    /// <summary>The system key readiness shows its details to.</summary>
    public const string SystemKey = "functions-tests-system-key-0123456789";
    private readonly InvocationContext _invocation = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<AsyncServiceScope> _scopes = [];
    private DurableTaskTestHost? _durable;

    public AzuriteProcess Azurite { get; private set; } = null!;

    public string TaskHubName { get; } = "Fn" + Guid.NewGuid().ToString("N")[..10];

    public DurableTaskClient Client => _durable!.Client;

    public IServiceProvider Services => _durable!.Services;

    internal RequestFunctions Requests => ActivatorUtilities.CreateInstance<RequestFunctions>(Services, NullLogger<RequestFunctions>.Instance);

    internal ApiFunctions Api => ActivatorUtilities.CreateInstance<ApiFunctions>(Services, NullLogger<ApiFunctions>.Instance);

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        _durable = await StartAsync(Azurite.ConnectionString, TaskHubName, _invocation);
        _invocation.InstanceServices = _durable.Services;
        await Services.GetRequiredService<RequestStore>().CreateIfNotExistsAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    /// <summary>The services of the Functions app's Program (the API, no in-host hub) on the given storage, under a test host whose tasks are the app's trigger methods.</summary>
    public static async Task<DurableTaskTestHost> StartAsync(string connectionString, string taskHub, InvocationContext invocation, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["extensions:durableTask:hubName"] = taskHub,
            ["Streamer:Auth:SigningKey"] = SigningKey,
            ["Streamer:Management:SystemKey"] = SystemKey,
            ["Streamer:SyncThreshold"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new DurableTaskTestHostOptions
        {
            Port = FreeTcpPort(),
            ConfigureServices = services =>
            {
                services.AddSingleton(StreamerStorage.FromConfiguration(configuration));
                services.AddStreamerFunctions(configuration);
                services.AddAction<UntilCanceledAction>();
            },
        };
        return await DurableTaskTestHost.StartAsync(
            tasks => tasks
                .AddOrchestratorFunc<RequestRun, JsonElement>(RequestOrchestrator.Name, (context, _) => RequestOrchestratorFunction.RunAsync(context))
                .AddActivityFunc<RequestEnvelope, ChunkPlan>(RequestTaskNames.PlanChunks, (context, input) => RequestActivityFunctions.PlanChunksAsync(input, context.InstanceId, invocation))
                .AddActivityFunc<SegmentInput, IReadOnlyList<JsonElement>>(RequestTaskNames.LoadChunks, (context, input) => RequestActivityFunctions.LoadChunksAsync(input, context.InstanceId, invocation))
                .AddActivityFunc<ChunkInput, ChunkResultRef>(RequestTaskNames.RunChunk, (context, input) => RequestActivityFunctions.RunChunkAsync(input, context.InstanceId, invocation))
                .AddActivityFunc<SegmentResults, bool>(RequestTaskNames.SaveResults, (context, input) => RequestActivityFunctions.SaveResultsAsync(input, context.InstanceId, invocation))
                .AddActivityFunc<FinalizeInput, JsonElement>(RequestTaskNames.FinalizeRequest, (context, input) => RequestActivityFunctions.FinalizeRequestAsync(input, context.InstanceId, invocation))
                .AddActivityFunc<RequestOutcome, bool>(RequestTaskNames.NotifyOutcome, (context, input) => RequestActivityFunctions.NotifyOutcomeAsync(input, context.InstanceId, invocation)),
            options);
    }

    /// <summary>A bearer token for <paramref name="user"/> of tenant <c>contoso</c>, signed with the app's key.</summary>
    public string Token(string user = "alice") => Services.GetRequiredService<DevTokenIssuer>().Issue("contoso", user);

    /// <summary>An HTTP request as the Functions host's ASP.NET Core integration hands it to a trigger.</summary>
    public HttpRequest Request(string method, string path, object? body = null, string? token = null)
    {
        // The Functions host gives each invocation a scope of its own (FunctionContext.InstanceServices); scoped services
        // such as the authentication handlers must not be shared between requests.
        var scope = Services.CreateAsyncScope();
        _scopes.Add(scope);
        return NewRequest(scope.ServiceProvider, method, path, body, token);
    }

    /// <summary>A request whose services are <paramref name="services"/> (one invocation's scope).</summary>
    public static HttpRequest NewRequest(IServiceProvider services, string method, string path, object? body = null, string? token = null)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost", 7071);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        http.Request.Path = query < 0 ? path : path[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        if (body is not null)
        {
            var bytes = body is string text ? Encoding.UTF8.GetBytes(text) : JsonSerializer.SerializeToUtf8Bytes(body);
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = bytes.Length;
            http.Request.Body = new MemoryStream(bytes);
        }

        http.Response.Body = new MemoryStream();
        return http.Request;
    }

    /// <summary>Writes <paramref name="result"/> as the Functions host would, and reads back status, headers and body.</summary>
    public static async Task<Answer> ExecuteAsync(HttpRequest request, IResult result)
    {
        await result.ExecuteAsync(request.HttpContext);
        var response = request.HttpContext.Response;
        response.Body.Position = 0;
        var text = await new StreamReader(response.Body).ReadToEndAsync();
        return new Answer(response.StatusCode, response.ContentType, response.Headers, response.ContentType?.Contains("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What a trigger answered.</summary>
    public sealed record Answer(int Status, string? ContentType, IHeaderDictionary Headers, JsonElement Body);

    /// <summary>
    /// The <see cref="FunctionContext"/> an activity trigger gets: only its services are read (the activity is created from
    /// them); the rest of the invocation is the Functions host's business and is not needed.
    /// </summary>
    public sealed class InvocationContext : FunctionContext
    {
        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override string InvocationId => throw new NotSupportedException();

        public override string FunctionId => throw new NotSupportedException();

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
