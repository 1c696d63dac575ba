using Streamer.Api.Actions;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;
using Streamer.Api.Requests;
using Streamer.Host.Auth;
using Streamer.Host.Dashboard;
using Streamer.Host.Errors;
using Streamer.Host.Hosting;
using Streamer.Host.Management;
using Streamer.Host.Realtime;
using Streamer.Host.Telemetry;

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
app.MapStreamerApi();
app.MapDashboard();
app.MapManagementApi();
app.MapStreamerHub();
app.Run();
return 0;

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
