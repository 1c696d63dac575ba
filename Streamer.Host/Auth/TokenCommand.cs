using Microsoft.Extensions.Options;
using Streamer.Api.Auth;

namespace Streamer.Host.Auth;

/// <summary>
/// <c>dotnet run --project Streamer.Host -- token --user alice --tenant contoso [--permission actions:echo] [--lifetime 01:00:00]</c>
/// prints a local development token signed with <c>Streamer:Auth:SigningKey</c>.
/// </summary>
internal static class TokenCommand
{
    public static int Run(IConfiguration configuration, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? user = null;
        string? tenant = null;
        TimeSpan? lifetime = null;
        var permissions = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user" when value is not null: user = value; i++; break;
                case "--tenant" when value is not null: tenant = value; i++; break;
                case "--permission" when value is not null: permissions.Add(value); i++; break;
                case "--lifetime" when value is not null && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed): lifetime = parsed; i++; break;
                default:
                    error.WriteLine($"Unknown or incomplete option '{args[i]}'.");
                    error.WriteLine("Usage: token --user <id> --tenant <id> [--permission <actions:*|actions:name>]... [--lifetime hh:mm:ss]");
                    return 2;
            }
        }

        var auth = new StreamerAuthOptions();
        configuration.GetSection(StreamerAuthOptions.Section).Bind(auth);
        try
        {
            var issuer = new DevTokenIssuer(Options.Create(auth), TimeProvider.System);
            output.WriteLine(issuer.Issue(tenant ?? "local", user ?? "dev", permissions.Count > 0 ? permissions : null, lifetime));
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }
}
