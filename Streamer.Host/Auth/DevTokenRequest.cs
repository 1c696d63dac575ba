using System.Text.Json;
using System.Text.RegularExpressions;
using Streamer.Activities.Sdk;
using Streamer.Api.Auth;

namespace Streamer.Host.Auth;

/// <summary>
/// The body of <c>POST /api/dev/token</c>: <c>{ "user": "alice", "tenant": "contoso", "permissions"?: ["actions:echo"] }</c>;
/// without permissions the token allows every action.
/// </summary>
public sealed partial record DevTokenRequest(string User, string Tenant, IReadOnlyList<string>? Permissions)
{
    private const int MaxPermissions = 20;

    /// <summary>Reads and checks a body; returns null and lists every broken rule, naming the field, when it is not valid.</summary>
    public static DevTokenRequest? Parse(JsonElement body, out IReadOnlyList<ValidationError> errors)
    {
        var found = new List<ValidationError>();
        errors = found;
        if (body.ValueKind != JsonValueKind.Object)
        {
            found.Add(new ValidationError("body", "must be a JSON object like { \"user\": \"alice\", \"tenant\": \"contoso\" }"));
            return null;
        }

        string? user = null, tenant = null;
        List<string>? permissions = null;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "user": user = ReadId(property.Value, "user", found); break;
                case "tenant": tenant = ReadId(property.Value, "tenant", found); break;
                case "permissions": permissions = ReadPermissions(property.Value, found); break;
                default: found.Add(new ValidationError(property.Name, "is not a known field; send user, tenant and optionally permissions")); break;
            }
        }

        if (!body.TryGetProperty("user", out _))
        {
            found.Add(new ValidationError("user", "is required: the user id the token is for"));
        }

        if (!body.TryGetProperty("tenant", out _))
        {
            found.Add(new ValidationError("tenant", "is required: the tenant id the token is for"));
        }

        return found.Count == 0 ? new DevTokenRequest(user!, tenant!, permissions) : null;
    }

    private static string? ReadId(JsonElement value, string field, List<ValidationError> errors)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !IdPattern().IsMatch(text))
        {
            errors.Add(new ValidationError(field, "must be 1–128 letters, digits or . _ @ + -"));
            return null;
        }

        return text;
    }

    private static List<string>? ReadPermissions(JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxPermissions)
        {
            errors.Add(new ValidationError("permissions", $"must be an array of 1–{MaxPermissions} permissions, or left out for '{StreamerClaims.AllActions}'"));
            return null;
        }

        var permissions = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (text == StreamerClaims.AllActions || (text is not null && text.StartsWith("actions:", StringComparison.Ordinal) && ActionCatalog.IsValidName(text["actions:".Length..])))
            {
                permissions.Add(text);
            }
            else
            {
                errors.Add(new ValidationError($"permissions[{index}]", $"must be '{StreamerClaims.AllActions}' or 'actions:{{name}}' with an action name"));
            }

            index++;
        }

        return permissions;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._@+-]{1,128}\z")]
    private static partial Regex IdPattern();
}
