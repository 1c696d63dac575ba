using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using Streamer.Cli.Commands;

namespace Streamer.Cli;

/// <summary>The <c>streamer</c> command line, runnable against any console (tests pass a recording one).</summary>
internal static class StreamerCli
{
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddSingleton(console).AddSingleton(environment);
        var app = new CommandApp(new ServiceTypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("streamer");
            config.ConfigureConsole(console);
            config.AddCommand<RunCommand>("run")
                .WithDescription("Start a request and follow it to its end with live progress (Ctrl+C cancels it).")
                .WithExample("run", "echo_async", "--payload", "{\"hello\":\"world\"}");
            config.AddCommand<StatusCommand>("status").WithDescription("Show a request's state.");
            config.AddCommand<CancelCommand>("cancel").WithDescription("Ask a running request to stop at its next chunk boundary.");
            config.AddCommand<ListCommand>("list").WithDescription("List your requests, newest first.");
        });
        return app.RunAsync(args, cancellationToken);
    }

    /// <summary>Lets Spectre create the commands from a service collection (their console and environment).</summary>
    private sealed class ServiceTypeRegistrar(IServiceCollection services) : ITypeRegistrar
    {
        public void Register(Type service, Type implementation) => services.AddSingleton(service, implementation);

        public void RegisterInstance(Type service, object implementation) => services.AddSingleton(service, implementation);

        public void RegisterLazy(Type service, Func<object> factory) => services.AddSingleton(service, _ => factory());

        public ITypeResolver Build() => new Resolver(services.BuildServiceProvider());

        private sealed class Resolver(ServiceProvider provider) : ITypeResolver, IDisposable
        {
            public object? Resolve(Type? type) => type is null ? null : provider.GetService(type) ?? ActivatorUtilities.CreateInstance(provider, type);

            public void Dispose() => provider.Dispose();
        }
    }
}
