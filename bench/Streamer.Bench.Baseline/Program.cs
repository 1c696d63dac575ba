using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.SignalR;
using Streamer.Bench.Baseline;
using Streamer.Bench.Common;

// The least an ASP.NET Core app on this machine can do for each figure, so the host's numbers have something to be
// compared with in the same run: POST /enqueue writes the body as one queue message and answers 202; GET /entity reads
// one table entity; the hub /hub sends to a user (named by the `user` query parameter) when POST /send asks, each message
// stamped like bench_progress's; GET /gc is a GcSnapshot. No auth, no validation. Settings: Baseline__Storage (connection
// string), Baseline__Port.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var storage = builder.Configuration["Baseline:Storage"] ?? throw new InvalidOperationException("Set Baseline__Storage to the Azurite connection string.");
var port = builder.Configuration.GetValue("Baseline:Port", 7072);
builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
builder.Services.AddSignalR();
builder.Services.AddSingleton<IUserIdProvider, QueryUserIdProvider>();
builder.Services.AddSingleton<BaselineSender>();

var queue = new QueueClient(storage, "baseline");
var table = new TableClient(storage, "baseline");
await queue.CreateIfNotExistsAsync();
await table.CreateIfNotExistsAsync();
await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = "baseline" });

var app = builder.Build();
app.MapPost("/enqueue", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var reader = new StreamReader(request.Body);
    await queue.SendMessageAsync(await reader.ReadToEndAsync(cancellationToken), cancellationToken);
    return Results.StatusCode(StatusCodes.Status202Accepted);
});
app.MapGet("/entity", async (CancellationToken cancellationToken) =>
{
    var entity = await table.GetEntityIfExistsAsync<TableEntity>("p", "r", cancellationToken: cancellationToken);
    return Results.Ok(new { value = entity.HasValue ? entity.Value!.GetString("Value") : null });
});
app.MapPost("/send", (string user, int count, int intervalMs, BaselineSender sender) =>
{
    sender.Start(user, count, intervalMs);
    return Results.StatusCode(StatusCodes.Status202Accepted);
});
app.MapGet("/gc", () => GcSnapshot.Take());
app.MapHub<BaselineHub>("/hub");
await app.RunAsync();
