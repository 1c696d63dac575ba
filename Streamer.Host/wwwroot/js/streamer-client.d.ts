// TypeScript declarations for streamer-client.js: a client for a Streamer host (DESIGN §4.1–§4.2).

/** The codes of the API's problem answers, the codes a request can end with, and the client's own. */
export type StreamerErrorCode =
  | "VALIDATION" | "NOT_FOUND" | "UNAUTHORIZED" | "FORBIDDEN" | "CONFLICT" | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED" | "TIMEOUT" | "SERVICE_UNAVAILABLE" | "INTERNAL"
  | "CANCELED" | "TERMINATED"
  /** The host could not be reached (status 0). */
  | "NETWORK"
  /** {@link StreamerClient.close} was called while the request was awaited. */
  | "CLIENT_CLOSED"
  | (string & {});

/** A request's runtime status as `GET /api/requests/{id}` reports it. */
export type RuntimeStatus = "Pending" | "Running" | "Suspended" | "Completed" | "Failed" | "Canceled" | "Terminated" | (string & {});

/** One invalid field of a `400 VALIDATION` answer. */
export interface ProblemField {
  /** The field's path, e.g. `id`, `action`, `payload.items[3].name`. */
  field: string;
  /** What is wrong with it. */
  message: string;
}

/** Options of {@link StreamerRequestError}'s constructor. */
export interface StreamerRequestErrorInit {
  status?: number | null;
  code?: StreamerErrorCode;
  details?: readonly ProblemField[] | readonly unknown[];
  retryAfterSeconds?: number | null;
  requestId?: string | null;
  runtimeStatus?: RuntimeStatus | null;
  traceId?: string | null;
  cause?: unknown;
}

/**
 * What the client rejects with when the host refused a call (a problem+json answer: 400, 401, 403, 404, 409, 413,
 * 429, 5xx), could not be reached (`status` 0, `code` `NETWORK`), or when a request ended `Failed`, `Canceled` or
 * `Terminated` (`status` null, `runtimeStatus` and `code` say how, e.g. `CANCELED`).
 */
export class StreamerRequestError extends Error {
  constructor(message: string, init?: StreamerRequestErrorInit);
  readonly name: "StreamerRequestError";
  /** The HTTP status of the problem answer; 0 when the host could not be reached; null when the request itself ended badly. */
  readonly status: number | null;
  /** The problem's `code`, or the ended request's `error.code`. */
  readonly code: StreamerErrorCode;
  /**
   * For a refused call, the problem's `errors`: one {@link ProblemField} per invalid field (empty when there are none).
   * For a request that ended badly, its `error.details` when that is an array, as the action reported it (any shape).
   */
  readonly details: readonly ProblemField[] | readonly unknown[];
  /** When the host said how long to wait before trying again (429, 503), in seconds. */
  readonly retryAfterSeconds: number | null;
  /** The request the error is about, when there is one. */
  readonly requestId: string | null;
  /** `Failed`, `Canceled` or `Terminated` when the request ended so; null for a refused call. */
  readonly runtimeStatus: RuntimeStatus | null;
  /** The problem's `traceId`, for finding the call in the host's logs. */
  readonly traceId: string | null;
  /** The error an HTTP answer stands for; its body is read as problem+json when it is JSON. */
  static fromResponse(response: Response, requestId?: string | null): Promise<StreamerRequestError>;
}

/** What {@link StreamerClient.request} rejects with after its `AbortSignal` fired and the request was cancelled on the host. */
export class StreamerAbortError extends Error {
  constructor(message: string, requestId: string | null, cause?: unknown);
  readonly name: "AbortError";
  /** The cancelled request; null when the signal had fired before anything was started. */
  readonly requestId: string | null;
}

/** A payload that is JSON text already; it is sent as it is, so numbers beyond a double's precision keep their digits. */
export class RawJson {
  /** @throws SyntaxError when `text` is not JSON. */
  constructor(text: string);
  readonly text: string;
}

/** A progress update (the hub's `progress` message, or the `progress` of a polled status). */
export interface RequestProgress {
  requestId: string;
  /** Increases with every update of the request; the client delivers each sequence at most once, in increasing order. */
  sequence: number;
  /** 0–100; never lower than a percentage delivered before. */
  percentage: number;
  /** "" when the host reported none. */
  message: string;
  stage?: string;
  details?: unknown;
  /** ISO 8601. */
  timestamp: string;
}

/** `GET /api/requests/{id}`: a request's state. */
export interface RequestStatus<TOutput = unknown> {
  id: string;
  action: string;
  runtimeStatus: RuntimeStatus;
  createdTime: string | null;
  lastUpdatedTime: string | null;
  progress: { percentage: number; message: string | null; sequence: number; updatedAt: string; stage?: string | null } | null;
  output: TOutput | null;
  error: { code: string; message: string } | null;
}

/** `GET /api/requests`: a page of the caller's requests, newest first. */
export interface RequestPage {
  items: RequestStatus[];
  /** Pass back for the next page; null on the last. */
  continuationToken: string | null;
}

/** `GET /api/actions`: the actions the token may start. */
export interface ActionList {
  items: { name: string; runsAsync: boolean | null; example: unknown }[];
}

/** A started request. */
export interface RequestHandle<TOutput = unknown> {
  /** The request id (yours, or one the client generated). */
  readonly id: string;
  /** True when the action answered at once (200): `done` is already resolved and the host keeps no record. */
  readonly sync: boolean;
  /**
   * The output once the request completed; rejects with a {@link StreamerRequestError} when it ended `Failed`,
   * `Canceled` or `Terminated`, or when the host refuses to tell (e.g. 404 once it was purged). Never an unhandled
   * rejection by itself: a handle may be dropped without awaiting it.
   */
  readonly done: Promise<TOutput>;
  /**
   * Asks the host to cancel (`POST /api/requests/{id}/cancel`, 202): it stops at its next chunk boundary and `done`
   * rejects with code `CANCELED`. Rejects with 409 once the request has ended; resolves null for a sync answer.
   */
  cancel(): Promise<RequestStatus | null>;
  /**
   * Reads the current state (`GET /api/requests/{id}`); a terminal one also settles `done`. For a sync answer, which the
   * host does not store, it is made up from that answer (`Completed`, no times).
   */
  status(): Promise<RequestStatus<TOutput>>;
}

export interface StartOptions {
  /**
   * The request id (1–128 of `[A-Za-z0-9._:-]`): the idempotency key. Defaults to a new UUID, so the client's own
   * retries of the start return the same request rather than a second one.
   */
  id?: string;
  /** Called with every new progress update, in `sequence` order. */
  onProgress?: (progress: RequestProgress) => void;
}

export interface RequestOptions extends StartOptions {
  /**
   * Aborting cancels the request on the host (`POST /api/requests/{id}/cancel`) and rejects with a
   * {@link StreamerAbortError}; if the request had already ended, its outcome stands.
   */
  signal?: AbortSignal;
}

/** The state of the client's hub connection; anything but `connected` means unfinished requests are polled. */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "disconnected";

export interface StreamerClientEvents {
  /** A `progress` message for any of the user's requests, as the hub sent it (not filtered). */
  progress: (message: RequestProgress) => void;
  /** A `completed` message for any of the user's requests. */
  completed: (message: { requestId: string; output: unknown; timestamp: string }) => void;
  /** A `failed` message for any of the user's requests (a cancel arrives with code `CANCELED`). */
  failed: (message: { requestId: string; error: { code: string; message: string; details?: unknown; retryAfterSeconds?: number }; timestamp: string }) => void;
  /** The hub connection changed state; `detail` is the reason of a loss, when known. */
  connection: (state: ConnectionState, detail?: string) => void;
}

export interface StreamerClientOptions {
  /** The host's root, the address that serves `/api` (e.g. `http://localhost:7071/`; in a page served by the host, `document.baseURI`). */
  baseUrl: string | URL;
  /**
   * The bearer token for each call and for every hub (re)connect; may be async. Return null for none. Return a token that
   * is still valid (renew it as it nears expiry): the host closes a hub connection when the token it was opened with
   * expires, and the client reconnects with the token this returns, then catches up on what it missed.
   */
  accessTokenFactory?: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * The SignalR client library: `globalThis.signalR` (the browser bundle) by default; in Node pass
   * `await import("@microsoft/signalr")`. With none (null, or no global), progress and outcomes come by polling.
   */
  signalR?: unknown;
  /** The fetch implementation; `globalThis.fetch` by default. */
  fetch?: typeof globalThis.fetch;
  /**
   * How often an unfinished request's status is polled while the hub is not connected (the first poll after a `202`
   * start, too); while it is, every 5 × this, as a backstop for an ending no hub message announced. The host's
   * `Retry-After` wins when longer. Default 2000.
   */
  pollIntervalMs?: number;
  /** How many times a start is retried after a network error, 502, 503 or 429 with `Retry-After`, with the same id. Default 3. */
  startRetries?: number;
  /** A retry that would wait longer than this is not made; the error (with `retryAfterSeconds`) is the answer. Default 10000. */
  maxRetryDelayMs?: number;
  /**
   * Passed to SignalR's `withUrl` (IHttpConnectionOptions), e.g. `transport`, `headers`, `WebSocket`, `logger`
   * (default: warnings only). `accessTokenFactory` is always the client's.
   */
  connectionOptions?: Record<string, unknown>;
}

export interface StreamerClient {
  /**
   * Starts `action` and resolves with its output: at once for a sync action (200), else when the request
   * completes, with live progress over SignalR (polling when the hub cannot be reached or while it reconnects).
   * Rejects with a {@link StreamerRequestError} for a refused start or a request that ended badly, or a
   * {@link StreamerAbortError} after `signal` fired.
   */
  request<TOutput = unknown>(action: string, payload?: unknown, options?: RequestOptions): Promise<TOutput>;
  /** Starts `action` and resolves with a handle once the host accepted it (rejects like {@link request} for a refused start). */
  start<TOutput = unknown>(action: string, payload?: unknown, options?: StartOptions): Promise<RequestHandle<TOutput>>;
  /**
   * A handle on a request started earlier (e.g. before a page reload), with the same progress and outcome tracking.
   * After {@link close}, its `done` rejects with code `CLIENT_CLOSED`.
   */
  watch<TOutput = unknown>(id: string, options?: Pick<StartOptions, "onProgress">): RequestHandle<TOutput>;
  /** `GET /api/requests/{id}` (404 when unknown or another user's). */
  status<TOutput = unknown>(id: string): Promise<RequestStatus<TOutput>>;
  /** `POST /api/requests/{id}/cancel`: 202 with the status; 409 once it has ended. */
  cancel(id: string): Promise<RequestStatus | null>;
  /** `GET /api/requests`: the caller's requests, newest first. */
  list(options?: { status?: RuntimeStatus | RuntimeStatus[]; top?: number; continuationToken?: string | null }): Promise<RequestPage>;
  /** `GET /api/actions`: the actions the token may start, with example payloads. */
  actions(): Promise<ActionList>;
  /** Listens to the hub's messages for all of the user's requests, or to connection changes; returns the unsubscribe function. */
  on<E extends keyof StreamerClientEvents>(event: E, listener: StreamerClientEvents[E]): () => void;
  /** The hub connection's state. */
  readonly connectionState: ConnectionState;
  /**
   * Keeps the hub connection open even while no request is awaited (a dashboard does; a script need not: the
   * connection opens for the first awaited request and closes after the last). Resolves after the first attempt.
   */
  connect(): Promise<void>;
  /**
   * Stops the hub connection and polling; awaited requests, a start waiting to retry, and any later `request`,
   * `start` or `watch` reject with code `CLIENT_CLOSED`.
   */
  close(): Promise<void>;
}

/**
 * A client for the Streamer host at `options.baseUrl`. One hub connection per client, shared by its requests.
 *
 * @example
 * const client = createStreamerClient({ baseUrl: "http://localhost:7071/", accessTokenFactory: () => token });
 * const output = await client.request("echo_async", { hello: "world" }, { onProgress: p => console.log(p.percentage) });
 */
export function createStreamerClient(options: StreamerClientOptions): StreamerClient;
