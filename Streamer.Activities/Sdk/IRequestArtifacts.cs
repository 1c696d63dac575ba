namespace Streamer.Activities.Sdk;

/// <summary>
/// Deletes what a request stored for its own sake besides its state: output files, intermediate blobs, anything a
/// handler wrote for this one request. Purge (<c>DELETE /api/requests/{id}</c>) and retention call every registered
/// implementation before they delete the request's orchestration and index rows, so a delete that fails or crashes
/// part-way leaves the request purgeable again instead of leaving files nobody can find.
/// </summary>
/// <remarks>
/// <para>
/// Register one with <c>services.AddRequestArtifacts&lt;T&gt;()</c>; the built-in actions register theirs (the request's
/// files in the outputs container and its folder in the work container). Every implementation is called for every
/// purged request, whatever its action, so it ignores requests of actions it does not serve; and only when the request
/// does not run (it completed, failed, was canceled or terminated, or never started), so nothing writes while it deletes.
/// </para>
/// <para>An implementation must be:</para>
/// <list type="bullet">
/// <item><description>idempotent: a purge is retried and retention sweeps on several hosts overlap, so something already gone is success;</description></item>
/// <item><description>exact: request ids may contain <c>.</c>, so deleting by name prefix must not take request <c>abc.def</c>'s items for <c>abc</c>'s;</description></item>
/// <item><description>linear: a request with many items deletes them with bounded parallelism, honouring the token.</description></item>
/// </list>
/// <para>
/// What the request did to the user's data (entities a <c>bulk_operation</c> wrote, a data set <c>process_data</c>
/// published) is its effect, not an artifact: it stays.
/// </para>
/// </remarks>
public interface IRequestArtifacts
{
    /// <summary>Deletes what <paramref name="request"/> stored; succeeds when nothing (or nothing any more) is there.</summary>
    /// <param name="request">The request: its id, its action and its owner (whose <see cref="RequestOwner.Key"/> starts its storage names).</param>
    /// <param name="cancellationToken">Stops the delete; what was deleted stays deleted, and the next purge or sweep finishes.</param>
    Task DeleteAsync(ActionRequest request, CancellationToken cancellationToken);
}
