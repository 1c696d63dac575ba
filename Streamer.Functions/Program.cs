using Microsoft.Azure.Functions.Worker.Builder;
using Streamer.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Configuration.AddHostJsonFirst(AppContext.BaseDirectory);
builder.Services.AddStreamerFunctions(builder.Configuration);
builder.Services.AddFunctionsTelemetry(builder.Configuration);

builder.Build().Run();
