// The HTTP API under /api (README "The HTTP API"); every error is problem+json with a code.

/** A refused call, with the problem the host answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail ?? problem?.title ?? `The host answered ${status}.`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? "NETWORK" : "HTTP_" + status);
    this.detail = detail;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/**
 * A client for the host that serves this page.
 * @param {() => string | null} getToken the current bearer token
 * @param {() => void} onUnauthorized called when the host refuses the token (expired or revoked)
 */
export function createApi(getToken, onUnauthorized) {
  async function call(method, path, { body, rawBody, authorized = true } = {}) {
    const headers = { Accept: "application/json" };
    const token = authorized ? getToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined || rawBody !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(new URL(path, document.baseURI), {
        method,
        headers,
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
        cache: "no-store",
      });
    } catch (error) {
      throw new ApiError(0, { code: "NETWORK", detail: `The host could not be reached (${error.message}).` });
    }

    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { detail: text };
      }
    }

    if (!response.ok) {
      if (response.status === 401 && authorized) onUnauthorized();
      throw new ApiError(response.status, data);
    }

    return { status: response.status, body: data };
  }

  const requestPath = id => `api/requests/${encodeURIComponent(id)}`;
  return {
    devToken: (user, tenant) => call("POST", "api/dev/token", { body: { user, tenant }, authorized: false }),
    listActions: () => call("GET", "api/actions"),
    listRequests: continuationToken =>
      call("GET", "api/requests?top=50" + (continuationToken ? "&continuationToken=" + encodeURIComponent(continuationToken) : "")),
    getRequest: id => call("GET", requestPath(id)),
    cancelRequest: id => call("POST", requestPath(id) + "/cancel"),
    // The payload goes as the user typed it, so numbers beyond double precision are not rounded on the way.
    startRequest: (action, payloadText, id) =>
      call("POST", "api/requests", {
        rawBody: `{${id ? `"id":${JSON.stringify(id)},` : ""}"action":${JSON.stringify(action)},"payload":${payloadText}}`,
      }),
  };
}
