using System.Globalization;

namespace Streamer.Bench.Clients;

/// <summary>
/// Command line: <c>--hub URL --count N [--parallel P] [--signing-key KEY | --user-query] [--negotiate]</c>.
/// Connection <c>i</c> belongs to user <c>c{i}</c>: with <c>--signing-key</c> it carries a token for that user (the host),
/// with <c>--user-query</c> the user is the <c>user</c> query parameter (the baseline hub).
/// </summary>
internal sealed record ClientOptions(Uri Hub, int Count, int Parallel, string? SigningKey, bool UserQuery, bool Negotiate)
{
    public static ClientOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var hub = Value("--hub") ?? throw new ArgumentException("--hub URL is required.");
        return new ClientOptions(
            new Uri(hub),
            int.Parse(Value("--count") ?? "1000", CultureInfo.InvariantCulture),
            int.Parse(Value("--parallel") ?? "64", CultureInfo.InvariantCulture),
            Value("--signing-key"),
            args.Contains("--user-query"),
            args.Contains("--negotiate"));
    }

    /// <summary>The user of connection <paramref name="index"/>.</summary>
    public static string User(int index) => "c" + index.ToString(CultureInfo.InvariantCulture);
}
