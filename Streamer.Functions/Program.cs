using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Api.Hosting;
using Streamer.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Configuration.AddHostJsonFirst(AppContext.BaseDirectory);
builder.Services.AddStreamerFunctions(builder.Configuration);
builder.Services.AddFunctionsTelemetry(builder.Configuration);

var host = builder.Build();
if (PublishedKeys.Refusal(builder.Configuration, builder.Environment) is { } refusal)
{
    // One line that names the setting, then exit: a Function App must not serve with a key anyone can read.
    var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Streamer.Functions");
    PublishedKeys.LogRefusal(logger, refusal);
    host.Dispose();
    return 1;
}

host.Run();
return 0;
