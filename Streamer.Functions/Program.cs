using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration.Json;
using Streamer.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The worker does not see host.json (the Functions host reads it); the API reads its hub name and functionTimeout from it,
// with app settings (AzureFunctionsJobHost__…, Streamer__…) still winning, as they do on the Functions host.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource { Path = "host.json", Optional = true });
builder.Services.AddStreamerFunctions(builder.Configuration);
builder.Services.AddFunctionsTelemetry(builder.Configuration);

builder.Build().Run();
