// A client for a Streamer host (DESIGN §4.1–§4.2): start a request, get its output, with live progress.
//
// One self-contained ES module with no imports, so a browser loads it as it is (no build step) and Node imports it
// from a path. It cannot import '@microsoft/signalr' by name (a browser cannot resolve a bare specifier), so the
// SignalR implementation is an option: the browser bundle's global by default, `await import("@microsoft/signalr")`
// in Node. Without one the client still works, by polling. Types and documentation: streamer-client.d.ts.

const terminalStatuses = new Set(["Completed", "Failed", "Canceled", "Terminated"]);

/** A problem answer of the API (problem+json), or a request that ended Failed, Canceled or Terminated. */
export class StreamerRequestError extends Error {
  constructor(message, { status = null, code = "INTERNAL", details = [], retryAfterSeconds = null, requestId = null, runtimeStatus = null, traceId = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "StreamerRequestError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
    this.requestId = requestId;
    this.runtimeStatus = runtimeStatus;
    this.traceId = traceId;
  }

  /** The error a refused HTTP answer stands for; the body is read as problem+json when it is JSON. */
  static async fromResponse(response, requestId = null) {
    const text = await response.text().catch(() => "");
    let problem = {};
    try {
      problem = text ? JSON.parse(text) : {};
    } catch {
      problem = { detail: text };
    }

    return new StreamerRequestError(problem.detail || problem.title || `The host answered ${response.status}.`, {
      status: response.status,
      code: problem.code ?? `HTTP_${response.status}`,
      details: Array.isArray(problem.errors) ? problem.errors : [],
      retryAfterSeconds: problem.retryAfterSeconds ?? parseRetryAfter(response.headers.get("Retry-After")),
      requestId,
      traceId: problem.traceId ?? null,
    });
  }
}

/** What a request() rejects with when its AbortSignal fired: the request was cancelled on the host. */
export class StreamerAbortError extends Error {
  constructor(message, requestId, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "AbortError";
    this.requestId = requestId;
  }
}

/** A payload that is JSON text already, sent as it is (numbers beyond a double's precision keep their digits). */
export class RawJson {
  constructor(text) {
    JSON.parse(text); // fail here, not as a 400 from the host
    this.text = text;
  }
}

/** Reconnect forever, backing off to one attempt every 10 s: a long wait should come back by itself. */
const reconnectDelayMs = attempt => Math.min(10_000, 500 * 2 ** attempt);

/** A hub start that neither succeeds nor fails (a stalled negotiate) would hold up connect() and close() for good. */
const hubStartTimeoutMs = 10_000;

export function createStreamerClient({
  baseUrl,
  accessTokenFactory = () => null,
  signalR = globalThis.signalR,
  fetch: fetchImpl = globalThis.fetch,
  pollIntervalMs = 2000,
  startRetries = 3,
  maxRetryDelayMs = 10_000,
  connectionOptions = {},
} = {}) {
  if (!baseUrl) throw new TypeError("createStreamerClient needs a baseUrl (the host's root, e.g. http://localhost:7071/).");
  if (typeof fetchImpl !== "function") throw new TypeError("No fetch implementation: pass one as the fetch option.");
  const base = new URL(String(baseUrl).replace(/\/?$/, "/"));

  /** The requests whose outcome someone awaits, by id: their progress so far and the promise of their outcome. */
  const trackers = new Map();
  const listeners = { progress: new Set(), completed: new Set(), failed: new Set(), connection: new Set() };
  let state = "idle";
  let pinned = false;
  let closed = false;
  /** Aborted by close(), so a start waiting to retry gives up at once. */
  const closing = new AbortController();

  // ---- HTTP ----

  async function send(method, path, { body, requestId = null } = {}) {
    const headers = { Accept: "application/json" };
    const token = await accessTokenFactory();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetchImpl(new URL(path, base), { method, headers, body, cache: "no-store" });
    } catch (error) {
      throw new StreamerRequestError(`The host could not be reached (${error?.message ?? error}).`, { status: 0, code: "NETWORK", requestId, cause: error });
    }

    if (!response.ok) throw await StreamerRequestError.fromResponse(response, requestId);
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (error) {
      throw unexpected(response.status, requestId, "a body that is not JSON", error);
    }

    return { status: response.status, body: parsed, retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")) };
  }

  /** A 2xx answer whose body is not what the API sends: a proxy's page, a host of another version. Not retried. */
  function unexpected(status, requestId, what, cause) {
    return new StreamerRequestError(`The host answered ${status} with ${what}.`, { status, code: "INTERNAL", requestId, cause });
  }

  /** The answer's body, which must be a JSON object. */
  function objectBody(answer, requestId) {
    const { body } = answer;
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw unexpected(answer.status, requestId, "a body that is not a JSON object");
    return body;
  }

  const closedError = id => new StreamerRequestError(`The client was closed before request ${id} ended.`, { code: "CLIENT_CLOSED", requestId: id });

  const requestPath = id => `api/requests/${encodeURIComponent(id)}`;

  /** POST /api/requests, retried with the same id (so the host answers with the same request) while the failure is transient. */
  async function postStart(id, action, payload, signal) {
    const payloadText = payload instanceof RawJson ? payload.text : JSON.stringify(payload ?? {});
    const body = `{"id":${JSON.stringify(id)},"action":${JSON.stringify(action)},"payload":${payloadText}}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send("POST", "api/requests", { body, requestId: id });
      } catch (error) {
        const delay = attempt < startRetries ? retryDelayMs(error, attempt) : null;
        if (delay === null || delay > maxRetryDelayMs) throw error;
        await sleep(delay, signal, closing.signal);
        // Aborted or closed while waiting: a retry now would start what nobody awaits any more.
        if (closed) throw closedError(id);
        if (signal?.aborted) throw new StreamerAbortError("The request was cancelled before the host accepted it.", id, signal.reason);
      }
    }
  }

  // ---- Tracking one request until it ends ----

  function track(id) {
    if (closed) throw closedError(id);
    let tracker = trackers.get(id);
    if (tracker) return tracker;
    tracker = { id, accepted: false, settled: false, sequence: -1, percentage: 0, onProgress: new Set(), pollTimer: null };
    tracker.done = new Promise((resolve, reject) => {
      tracker.resolve = resolve;
      tracker.reject = reject;
    });
    // A caller that only starts and cancels need not await the outcome: no unhandled rejection for that.
    tracker.done.catch(() => {});
    trackers.set(id, tracker);
    return tracker;
  }

  /** The host has the request: catch up on what was missed (over the hub when live, else by polling). */
  function accept(tracker, retryAfterSeconds = null) {
    if (tracker.settled || tracker.accepted) return;
    tracker.accepted = true;
    syncHub();
    if (state === "connected") void catchUp(tracker);
    schedulePoll(tracker, retryAfterSeconds);
  }

  function settle(tracker, outcome) {
    if (tracker.settled) return;
    tracker.settled = true;
    clearTimeout(tracker.pollTimer);
    trackers.delete(tracker.id);
    if ("error" in outcome) tracker.reject(outcome.error);
    else tracker.resolve(outcome.output);
    syncHub();
  }

  /** Drops stale and duplicate updates by sequence; the percentage never goes backwards. */
  function applyProgress(tracker, progress) {
    if (tracker.settled || typeof progress.sequence !== "number" || progress.sequence <= tracker.sequence) return;
    tracker.sequence = progress.sequence;
    tracker.percentage = Math.max(tracker.percentage, Math.min(100, Number(progress.percentage) || 0));
    const update = { ...progress, requestId: tracker.id, percentage: tracker.percentage, message: progress.message ?? "" };
    for (const listener of tracker.onProgress) notify(listener, update);
  }

  /** Applies a status body (GET /api/requests/{id}, or the hub's Subscribe); a terminal one is the outcome. */
  function applyStatus(tracker, status) {
    if (status === null || typeof status !== "object") throw unexpected(200, tracker.id, "a status that is not a JSON object");
    const progress = status.progress;
    if (progress) {
      applyProgress(tracker, { requestId: tracker.id, sequence: progress.sequence, percentage: progress.percentage, message: progress.message, stage: progress.stage ?? undefined, timestamp: progress.updatedAt });
    }

    if (!terminalStatuses.has(status.runtimeStatus)) return;
    if (status.runtimeStatus === "Completed") settle(tracker, { output: status.output });
    else settle(tracker, { error: failure(tracker.id, status.runtimeStatus, status.error) });
  }

  function failure(id, runtimeStatus, error) {
    const code = error?.code ?? (runtimeStatus === "Canceled" ? "CANCELED" : runtimeStatus === "Terminated" ? "TERMINATED" : "INTERNAL");
    return new StreamerRequestError(error?.message || `Request ${id} ended ${runtimeStatus}.`, {
      code,
      runtimeStatus,
      requestId: id,
      details: Array.isArray(error?.details) ? error.details : [],
      retryAfterSeconds: error?.retryAfterSeconds ?? null,
    });
  }

  /** One status read; a permanent refusal (unknown request, bad token) is the outcome, anything else is retried later. */
  async function refresh(tracker) {
    try {
      const answer = await send("GET", requestPath(tracker.id), { requestId: tracker.id });
      applyStatus(tracker, objectBody(answer, tracker.id));
      return answer.retryAfterSeconds;
    } catch (error) {
      if (!isTransient(error)) settle(tracker, { error });
      return error.retryAfterSeconds;
    }
  }

  /**
   * Polls the status (no sooner than the host's Retry-After): every pollIntervalMs while the hub is not live, and
   * slowly while it is, as a backstop, since some endings send no hub message (a terminate through the management
   * API) and a message can be lost. `fast` asks for the short interval whatever the connection.
   */
  function schedulePoll(tracker, retryAfterSeconds = null, fast = false) {
    if (tracker.settled || !tracker.accepted) return;
    clearTimeout(tracker.pollTimer);
    const interval = state === "connected" && !fast ? 5 * pollIntervalMs : pollIntervalMs;
    const timer = setTimeout(async () => {
      const retryAfter = await refresh(tracker);
      // Rescheduled meanwhile (the connection changed): that schedule stands.
      if (tracker.pollTimer === timer) schedulePoll(tracker, retryAfter);
    }, Math.max(interval, (retryAfterSeconds ?? 0) * 1000));
    tracker.pollTimer = timer;
  }

  /** After (re)connecting: messages sent while the socket was down are lost, so ask for the current state. */
  async function catchUp(tracker) {
    try {
      applyStatus(tracker, await connection.invoke("Subscribe", tracker.id));
    } catch {
      // The status endpoint answers with authority (an unknown request is a 404 there); when it fails too, the
      // normal poll schedule retries it.
      if (tracker.settled) return;
      const retryAfter = await refresh(tracker);
      schedulePoll(tracker, retryAfter, true);
    }
  }

  // ---- The hub connection, shared by every request of this client ----

  let connection = null;
  let hubWork = Promise.resolve();
  let restartTimer = null;
  let restartAttempt = 0;

  // Open while a started request is awaited or connect() asked for it, so a Node script exits once its requests
  // ended, and a sync action (answered at once) never opens it.
  const hubWanted = () => !closed && (pinned || [...trackers.values()].some(t => t.accepted));

  function setState(next, detail) {
    if (next === state) return;
    state = next;
    for (const listener of listeners.connection) notify(listener, next, detail);
    for (const tracker of trackers.values()) {
      if (!tracker.accepted) continue;
      if (next === "connected") void catchUp(tracker);
      schedulePoll(tracker);
    }
  }

  function buildConnection() {
    const built = new signalR.HubConnectionBuilder()
      .withUrl(new URL("api", base).href, {
        logger: signalR.LogLevel.Warning,
        ...connectionOptions,
        accessTokenFactory: async () => (await accessTokenFactory()) ?? "",
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => reconnectDelayMs(context.previousRetryCount) })
      .configureLogging(connectionOptions.logger ?? signalR.LogLevel.Warning)
      .build();

    // Handlers have block bodies: the SignalR client treats a returned value as a result and logs an error for it.
    for (const kind of ["progress", "completed", "failed"]) {
      built.on(kind, message => {
        onMessage(kind, message);
      });
    }

    built.onreconnecting(error => setState("reconnecting", error?.message));
    built.onreconnected(() => setState("connected"));
    // The automatic reconnect covers neither the first start nor a close after a refused reconnect; those restart here.
    built.onclose(error => {
      if (!hubWanted()) {
        setState("idle");
        return;
      }

      setState("disconnected", error?.message);
      scheduleRestart();
    });
    return built;
  }

  function onMessage(kind, message) {
    if (!message || typeof message.requestId !== "string") return;
    const tracker = trackers.get(message.requestId);
    if (tracker) {
      if (kind === "progress") applyProgress(tracker, message);
      else if (kind === "completed") settle(tracker, { output: message.output });
      else settle(tracker, { error: failure(tracker.id, statusOfFailure(message.error?.code), message.error) });
    }

    for (const listener of listeners[kind]) notify(listener, message);
  }

  function scheduleRestart() {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      syncHub();
    }, reconnectDelayMs(restartAttempt++));
  }

  /** Starts or stops the connection to match hubWanted(); serialized, since SignalR refuses overlapping start/stop. */
  function syncHub() {
    if (!signalR) {
      setState(hubWanted() ? "disconnected" : "idle", "No SignalR client was given: progress is polled.");
      return hubWork;
    }

    hubWork = hubWork.then(async () => {
      if (!hubWanted()) {
        clearTimeout(restartTimer);
        restartTimer = null;
        restartAttempt = 0;
        if (connection && connection.state !== signalR.HubConnectionState.Disconnected) await connection.stop();
        setState("idle");
        return;
      }

      connection ??= buildConnection();
      if (connection.state !== signalR.HubConnectionState.Disconnected || restartTimer !== null) return;
      setState(restartAttempt === 0 ? "connecting" : "reconnecting");
      try {
        await startWithin(connection, hubStartTimeoutMs);
        restartAttempt = 0;
        setState("connected");
      } catch (error) {
        setState("disconnected", error?.message);
        if (hubWanted()) scheduleRestart();
      }

      if (!hubWanted()) syncHub(); // every request ended while it connected
    }).catch(() => {});
    return hubWork;
  }

  /** connection.start(), given up (and the connection stopped) after `ms`. */
  async function startWithin(hub, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The hub connection did not start within ${ms / 1000} s.`)), ms);
    });
    try {
      await Promise.race([hub.start(), timeout]);
    } catch (error) {
      await hub.stop().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- The public surface ----

  function handleFor(tracker, id) {
    return {
      id,
      sync: false,
      done: tracker.done,
      cancel: () => cancel(id),
      status: () => status(id),
    };
  }

  async function start(action, payload, { id = newRequestId(), onProgress, signal } = {}) {
    const tracker = track(id);
    if (onProgress) tracker.onProgress.add(onProgress);
    let answer;
    let output;
    try {
      answer = await postStart(id, action, payload, signal);
      const body = objectBody(answer, id);
      if (answer.status === 200) {
        // A sync action: the answer is the outcome, and the host keeps no record of it.
        output = body.data;
        settle(tracker, body.success === false ? { error: failure(id, "Failed", body.error) } : { output });
      }
    } catch (error) {
      if (!tracker.accepted) settle(tracker, { error });
      throw error;
    }

    if (answer.status === 200) {
      return {
        id,
        sync: true,
        done: tracker.done,
        cancel: async () => null,
        status: async () => ({ id, action, runtimeStatus: "Completed", createdTime: null, lastUpdatedTime: null, progress: null, output, error: null }),
      };
    }

    accept(tracker, answer.retryAfterSeconds);
    return handleFor(tracker, id);
  }

  async function request(action, payload, { onProgress, signal, id } = {}) {
    if (signal?.aborted) throw new StreamerAbortError("The request was cancelled before it started.", null, signal.reason);
    const handle = await start(action, payload, { id, onProgress, signal });
    if (!signal || handle.sync) return handle.done;
    return new Promise((resolve, reject) => {
      let aborted = false;
      // Nobody awaits the outcome any more: stop tracking it, so its hub connection and polling end too.
      const abandon = error => {
        const tracker = trackers.get(handle.id);
        if (tracker) settle(tracker, { error });
        reject(error);
      };
      const onAbort = async () => {
        aborted = true;
        try {
          await handle.cancel();
          abandon(new StreamerAbortError(`Request ${handle.id} was cancelled: the host stops it at its next chunk boundary.`, handle.id, signal.reason));
        } catch (error) {
          // 409: it had ended before the cancel arrived, so its outcome stands.
          if (error.status === 409) handle.done.then(resolve, reject);
          else abandon(new StreamerAbortError(`Request ${handle.id} was aborted, but the cancel could not be sent (${error.message}).`, handle.id, error));
        }
      };

      if (signal.aborted) void onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      handle.done.then(
        output => !aborted && resolve(output),
        error => !aborted && reject(error),
      ).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  function watch(id, { onProgress } = {}) {
    if (closed) {
      const done = Promise.reject(closedError(id));
      done.catch(() => {}); // as for track(): only an awaited done reports it
      return { id, sync: false, done, cancel: () => cancel(id), status: () => status(id) };
    }

    const tracker = track(id);
    if (onProgress) tracker.onProgress.add(onProgress);
    accept(tracker);
    if (state !== "connected") void refresh(tracker); // a first reading now, not after a poll interval
    return handleFor(tracker, id);
  }

  async function status(id) {
    const body = objectBody(await send("GET", requestPath(id), { requestId: id }), id);
    const tracker = trackers.get(id);
    if (tracker) applyStatus(tracker, body);
    return body;
  }

  async function cancel(id) {
    return (await send("POST", `${requestPath(id)}/cancel`, { requestId: id })).body;
  }

  async function list({ status: statuses, top, continuationToken } = {}) {
    const query = new URLSearchParams();
    if (statuses) query.set("status", Array.isArray(statuses) ? statuses.join(",") : statuses);
    if (top !== undefined) query.set("top", String(top));
    if (continuationToken) query.set("continuationToken", continuationToken);
    const search = query.toString();
    return (await send("GET", `api/requests${search ? `?${search}` : ""}`)).body;
  }

  function on(event, listener) {
    const set = listeners[event];
    if (!set) throw new TypeError(`Unknown event '${event}'; use progress, completed, failed or connection.`);
    set.add(listener);
    return () => set.delete(listener);
  }

  return {
    request,
    start,
    watch,
    status,
    cancel,
    list,
    actions: async () => (await send("GET", "api/actions")).body,
    on,
    get connectionState() {
      return state;
    },
    connect() {
      pinned = true;
      return syncHub();
    },
    close() {
      closed = true;
      closing.abort();
      for (const tracker of [...trackers.values()]) settle(tracker, { error: closedError(tracker.id) });
      // Stopped directly, not behind queued hub work: a start in progress ends with it instead of holding close() up.
      const stopping = connection?.stop().catch(() => {});
      return Promise.all([stopping, syncHub()]).then(() => {});
    },
  };
}

/** Calls a listener; what it throws is reported (as uncaught) without breaking the client's own bookkeeping. */
function notify(listener, ...args) {
  try {
    listener(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The runtime status a `failed` message stands for. */
function statusOfFailure(code) {
  return code === "CANCELED" ? "Canceled" : code === "TERMINATED" ? "Terminated" : "Failed";
}

/** 502/503, 429 with Retry-After, and network failures pass; a refusal of the request itself does not. */
function retryDelayMs(error, attempt) {
  const transient = error.status === 0 || error.status === 502 || error.status === 503 || (error.status === 429 && error.retryAfterSeconds !== null);
  if (!transient) return null;
  return error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : 250 * 2 ** attempt;
}

/** Whether a status read may succeed later (a 404, 401 or 403 will not). */
function isTransient(error) {
  return !(error instanceof StreamerRequestError) || error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Retry-After in seconds (delta or HTTP date), or null. */
function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : null;
}

/** A request id the API accepts; crypto.randomUUID only exists in secure contexts, getRandomValues everywhere. */
function newRequestId() {
  if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

/** Waits `ms`, or less when one of the signals fires. */
function sleep(ms, ...signals) {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) {
      if (s?.aborted) done();
      else s?.addEventListener("abort", done, { once: true });
    }
  });
}
