using Streamer.Durable.Worker;
using Streamer.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostFiles();
builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration.GetHttpPort()}");

// The task hub stays in memory until the Azure Storage backend lands; limits come from host.json.
builder.Services.AddDurableTask(durable => durable.UseInMemoryBackend());
builder.Services.Configure<DurableTaskWorkerOptions>(builder.Configuration.GetSection("extensions:durableTask"));
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/api/health");
app.Run();

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
