using Streamer.Api.Actions;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
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
if (PublishedKeys.Refusal(app.Configuration, app.Environment) is { } refusal)
{
    // One line that names the setting, then exit: a host must not serve with a key anyone can read.
    PublishedKeys.LogRefusal(app.Logger, refusal);
    await app.DisposeAsync();
    return 1;
}

app.UseExceptionHandler();
app.UseStreamerStatusCodePages();
app.UseDevelopmentHostsOnly(app.Environment, app.Configuration);
app.UseHostCors();
app.UseAuthentication();
app.UseAuthorization();
app.MapStreamerApi();
app.MapDashboard();
app.MapManagementApi();
app.MapStreamerHub();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
