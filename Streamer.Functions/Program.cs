using Microsoft.Azure.Functions.Worker.Builder;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The worker does not see host.json (the Functions host reads it); the API reads its hub name and functionTimeout from it,
// with app settings (AzureFunctionsJobHost__…, Streamer__…) still winning, as they do on the Functions host.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = "host.json", Optional = true });
builder.Services.AddStreamerApi(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<RequestIndexHealthCheck>("requestIndex", tags: [HealthEndpoints.ReadyTag]);

// No in-host hub here: messages go through Azure SignalR Service when it is configured.
builder.Services.AddRealtime(hostHub: null);

builder.Build().Run();
