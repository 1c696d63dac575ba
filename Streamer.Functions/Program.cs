using Streamer.Functions.Actions;
using Streamer.Functions.Auth;
using Streamer.Functions.Dashboard;
using Streamer.Functions.Errors;
using Streamer.Functions.Health;
using Streamer.Functions.Hosting;
using Streamer.Functions.Management;
using Streamer.Functions.Realtime;
using Streamer.Functions.Requests;
using Streamer.Functions.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHostFiles();
if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(builder.Configuration, tokenArgs, Console.Out, Console.Error);
}

builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration.GetHttpPort()}");
builder.Services.AddStreamer(builder.Configuration);
builder.Services.AddHostCors();
builder.Services.AddStreamerTelemetry(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStreamerStatusCodePages();
app.UseHostCors();
app.UseAuthentication();
app.UseAuthorization();
app.MapStreamerHealthChecks();
app.MapRequestEndpoints();
app.MapActionEndpoints();
app.MapDashboard();
app.MapNegotiate();
app.MapManagementApi();
app.MapHub<StreamerHub>(RealtimePaths.Hub);
app.Run();
return 0;

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
