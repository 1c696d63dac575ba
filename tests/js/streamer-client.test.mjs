// The JavaScript client (Streamer.Host/wwwroot/js/streamer-client.js) in Node against a live host with its real hub.
//
//   node --test tests/js/streamer-client.test.mjs
//
// Run by tests/Streamer.Host.Tests/ClientLibraries/JavaScriptClientTests.cs, which starts the host on Azurite and sets:
// STREAMER_URL (the host's root), STREAMER_TOKEN and STREAMER_OTHER_TOKEN (two users), STREAMER_LIMITED_TOKEN (a user
// whose start budget this file spends), STREAMER_RATE_LIMIT_PERMITS (that budget) and STREAMER_GATES_URL (where
// `POST gates/{requestId}/{chunk}` opens a chunk gate of the host's test action gated_test), STREAMER_EXPIRING_URL (a
// second host whose tokens, from its dev token endpoint, expire within seconds) and STREAMER_EXPIRING_USER (the user this
// file signs in as there; the caller checks what that host's hub saw of the user's connections).
// Waits are bounded by deadlines, never fixed sleeps; nothing asserts on timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import WebSocket from "ws";
import { createStreamerClient, RawJson, StreamerAbortError, StreamerRequestError } from "../../Streamer.Host/wwwroot/js/streamer-client.js";

const signalR = await import("@microsoft/signalr");
const baseUrl = required("STREAMER_URL");
const token = required("STREAMER_TOKEN");
const otherToken = required("STREAMER_OTHER_TOKEN");
const limitedToken = required("STREAMER_LIMITED_TOKEN");
const ratePermits = Number(required("STREAMER_RATE_LIMIT_PERMITS"));
const gatesUrl = new URL(required("STREAMER_GATES_URL"));
const expiringUrl = required("STREAMER_EXPIRING_URL");
const expiringUser = required("STREAMER_EXPIRING_USER");
const suffix = randomUUID().slice(0, 8);
const deadlineMs = 30_000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see the top of this file).`);
  return value;
}

/** A client that the test closes when it ends, so no socket or timer outlives it. */
function clientFor(t, accessToken, options = {}) {
  const client = createStreamerClient({ baseUrl, accessTokenFactory: () => accessToken, signalR, ...options });
  t.after(() => within(client.close(), "the client to close"));
  return client;
}

/** Fails with `what` unless `promise` settles within the deadline. */
async function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}.`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` until it holds, within the deadline. */
async function until(condition, what) {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/**
 * GET /api/requests/{id} without the client, until it answers 200 (the request has ended); returns the body.
 * `accessToken` may be a function, called for each read (for tokens that expire within seconds).
 */
async function finishedStatus(id, accessToken = token, host = baseUrl) {
  let body;
  await until(async () => {
    const bearer = typeof accessToken === "function" ? await accessToken() : accessToken;
    const response = await within(fetch(new URL(`api/requests/${id}`, host), { headers: { Authorization: `Bearer ${bearer}` } }), `the status of ${id}`);
    assert.ok(response.status === 200 || response.status === 202, `status of ${id} answered ${response.status}`);
    body = await response.json();
    return response.status === 200;
  }, `${id} has ended`);
  return body;
}

async function openGate(id, chunk) {
  const response = await within(fetch(new URL(`gates/${encodeURIComponent(id)}/${chunk}`, gatesUrl), { method: "POST" }), `gate ${chunk} of ${id} to open`);
  assert.equal(response.status, 204, `opening gate ${chunk} of ${id}`);
}

/** A new token for `user` from a host's dev token endpoint (POST /api/dev/token), as the dashboard's dev sign-in gets one. */
async function devToken(host, user, tenant) {
  const response = await within(fetch(new URL("api/dev/token", host), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user, tenant }),
  }), "a dev token");
  assert.equal(response.status, 200, "the dev token endpoint answers");
  return (await response.json()).token;
}

/** A JWT's exp, in milliseconds. */
function expiryOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")).exp * 1000;
}

/** A promise with its resolve function. */
function signal() {
  let resolve;
  const promise = new Promise(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A port nothing listens on, so a connection to it is refused; a probe that fails (it happens) is tried again. */
async function closedPort() {
  for (let attempt = 1; ; attempt++) {
    const server = createServer();
    try {
      await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
      });
      const { port } = server.address();
      await new Promise(resolve => server.close(resolve));
      return port;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/**
 * The hub's sockets, under the test's control: drop() cuts every open one at the TCP level, as a network failure
 * would (no close handshake), and while blocked new ones go to a port that refuses them. Only WebSockets are allowed,
 * so a blocked socket is an unreachable hub rather than a fallback to another transport.
 */
async function controlledSockets() {
  const refusedUrl = `ws://127.0.0.1:${await closedPort()}/`;
  const open = new Set();
  let blocked = false;
  class ControlledWebSocket extends WebSocket {
    constructor(url, protocols, options) {
      super(blocked ? refusedUrl : url, protocols, options);
      open.add(this);
      this.on("close", () => open.delete(this));
    }
  }

  return {
    connectionOptions: { WebSocket: ControlledWebSocket, transport: signalR.HttpTransportType.WebSockets },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    drop() {
      const count = open.size;
      for (const socket of open) socket.terminate();
      return count;
    },
  };
}

/** Records the hub's raw `progress` messages for `id` (before the client drops stale or repeated ones). */
function rawProgress(client, id) {
  const messages = [];
  client.on("progress", message => {
    if (message?.requestId === id) messages.push(message);
  });
  return messages;
}

/** What DESIGN §4.2 says a progress message carries; repeats and stale sequences are the client's to drop. */
function assertWellFormed(messages) {
  for (const m of messages) {
    assert.ok(Number.isInteger(m.sequence) && m.sequence >= 0, `sequence is a non-negative integer: ${JSON.stringify(m)}`);
    assert.ok(typeof m.percentage === "number" && m.percentage >= 0 && m.percentage <= 100, `percentage is 0–100: ${JSON.stringify(m)}`);
    assert.equal(typeof m.message, "string", `message is a string: ${JSON.stringify(m)}`);
    assert.ok(Number.isFinite(Date.parse(m.timestamp)), `timestamp is a date: ${JSON.stringify(m)}`);
  }
}

function assertIncreasing(progress) {
  for (let i = 1; i < progress.length; i++) {
    assert.ok(progress[i].sequence > progress[i - 1].sequence, `sequence increases: ${progress.map(p => p.sequence).join(", ")}`);
    assert.ok(progress[i].percentage >= progress[i - 1].percentage, `percentage never goes back: ${progress.map(p => p.percentage).join(", ")}`);
  }
}

/** Waits for a StreamerRequestError and checks what the host said. */
async function rejectsWith(promise, { status, code }) {
  const error = await within(promise.then(() => null, e => e), `a ${status} ${code}`);
  assert.ok(error instanceof StreamerRequestError, `expected a StreamerRequestError, got ${error?.stack ?? error}`);
  assert.equal(error.status, status, error.message);
  assert.equal(error.code, code, error.message);
  assert.ok(error.message.length > 0);
  return error;
}

test("a multi-chunk request runs to completion: progress in increasing sequence, then the output", async t => {
  const client = clientFor(t, token);
  const id = `js-chunks-${suffix}`;
  const raw = rawProgress(client, id);
  const progress = [];
  const first = signal();

  // The gates hold the request until the hub is live, so the later chunks' progress is pushed, whatever the timing.
  const outcome = client.request("gated_test", { chunks: 3 }, { id, onProgress: p => {
    progress.push(p);
    first.resolve();
  } });
  await within(first.promise, "the first progress");
  await until(() => client.connectionState === "connected", "the hub is connected");
  for (const chunk of [0, 1, 2]) await openGate(id, chunk);

  assert.deepEqual(await within(outcome, "gated_test"), { chunks_finished: 3 });
  assert.ok(progress.length >= 2, `several progress updates arrived (got ${progress.length})`);
  assertIncreasing(progress);
  assert.ok(progress.every(p => p.requestId === id && typeof p.message === "string"));
  assert.ok(raw.length >= 1, "the hub pushed progress");
  assertWellFormed(raw);
});

test("the README's Node example runs as written, and the process exits by itself once the request ended", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const example = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## JavaScript client")))?.[1];
  assert.ok(example, "README.md has a js block under ## JavaScript client");
  // As written but for the action: gated_test (opened once the example printed progress) instead of echo_async, so
  // progress is seen whatever the timing; the example's own output check does not depend on the action.
  const id = `js-readme-${suffix}`;
  const call = 'client.request("echo_async", { hello: "world" }, {';
  assert.ok(example.includes(call), `the example calls ${call}`);
  const script = example
    .replace('"./streamer-client.js"', JSON.stringify(new URL("../../Streamer.Host/wwwroot/js/streamer-client.js", import.meta.url).href))
    .replaceAll("http://localhost:7071/", baseUrl)
    .replace(call, `client.request("gated_test", { chunks: 1 }, { id: ${JSON.stringify(id)},`)
    + "\nconsole.log('OUTPUT ' + JSON.stringify(output));\n";

  // The deadline kills a process that does not exit (an open socket or timer would keep it alive).
  const child = spawn(process.execPath, ["--input-type=module", "--eval", script], {
    cwd: new URL("../..", import.meta.url),
    env: { ...process.env, TOKEN: token },
    timeout: deadlineMs,
  });
  let stdout = "";
  let stderr = "";
  let opened = null;
  child.stdout.on("data", chunk => {
    stdout += chunk;
    if (!opened && /^\d+(\.\d+)? Chunk 0 /m.test(stdout)) opened = openGate(id, 0);
  });
  child.stderr.on("data", chunk => {
    stderr += chunk;
  });
  const [code] = await within(new Promise(resolve => child.on("close", (...args) => resolve(args))), "the example to exit");
  assert.equal(code, 0, `the example exited with ${code}: ${stderr}`);
  assert.ok(opened, `the example printed progress: ${stdout}`);
  await opened;

  const output = JSON.parse(stdout.split("\n").find(line => line.startsWith("OUTPUT ")).slice("OUTPUT ".length));
  assert.deepEqual(output, { chunks_finished: 1 });
});

test("a sync action answers at once with its data", async t => {
  const client = clientFor(t, token);

  const handle = await client.start("echo", { hello: "sync" });

  assert.equal(handle.sync, true);
  assert.deepEqual((await handle.done).echo, { hello: "sync" });
  assert.equal(client.connectionState, "idle", "a sync answer needs no hub connection");
});

test("the socket drops mid-run and the end is missed: on reconnect the client catches up and completes", async t => {
  const sockets = await controlledSockets();
  // Polling is kept out of the way, so the outcome can only come through the reconnected hub.
  const client = clientFor(t, token, { connectionOptions: sockets.connectionOptions, pollIntervalMs: 10 * 60_000 });
  const states = [];
  client.on("connection", state => states.push(state));
  const id = `js-reconnect-${suffix}`;
  const progress = [];
  const first = signal();
  const handle = await client.start("gated_test", { chunks: 2 }, { id, onProgress: p => {
    progress.push(p);
    first.resolve();
  } });
  await within(first.promise, "the first progress");
  await until(() => client.connectionState === "connected", "the hub is connected");

  sockets.block();
  assert.ok(sockets.drop() >= 1, "a live socket was dropped");
  await until(() => client.connectionState !== "connected", "the client noticed the drop");
  await openGate(id, 0);
  await openGate(id, 1);
  assert.equal((await finishedStatus(id)).runtimeStatus, "Completed");
  assert.notEqual(client.connectionState, "connected", "the hub was down when the request ended, so `completed` was lost");
  sockets.unblock();

  assert.deepEqual(await within(handle.done, "the outcome after reconnecting"), { chunks_finished: 2 });
  assert.ok(states.includes("reconnecting"), `the client reconnected (states: ${states.join(" → ")})`);
  assertIncreasing(progress);
});

test("the host closes the hub when its token expires: the client reconnects with a fresh token and catches up", async t => {
  const mint = () => devToken(expiringUrl, expiringUser, "js-client-tests");
  const minted = [];
  let closed = false;
  const reconnect = signal();
  const client = clientFor(t, null, {
    baseUrl: expiringUrl,
    // Polling is kept out of the way, so after the close the outcome can only come through the reconnected hub.
    pollIntervalMs: 10 * 60_000,
    // A new token for every call (each lasts a few seconds on that host). Once the host closed the connection, a call
    // is the reconnect's: it waits until the test lets it go.
    accessTokenFactory: async () => {
      if (closed) await reconnect.promise;
      const fresh = await mint();
      minted.push({ token: fresh, closed });
      return fresh;
    },
  });
  const states = [];
  client.on("connection", state => {
    if (state === "reconnecting" && states.includes("connected")) closed = true;
    states.push(state);
  });
  const id = `js-expiry-${suffix}`;
  const progress = [];
  const first = signal();
  const handle = await client.start("gated_test", { chunks: 3 }, { id, onProgress: p => {
    progress.push(p);
    first.resolve();
  } });
  await within(first.promise, "the first progress");
  await until(() => client.connectionState === "connected", "the hub is connected");
  await openGate(id, 0);

  // Nothing drops the socket here: the host closes it once the token it was opened with has expired.
  await until(() => closed, "the host closed the connection");
  await openGate(id, 1);
  await openGate(id, 2);
  assert.equal((await finishedStatus(id, mint, expiringUrl)).runtimeStatus, "Completed");
  assert.notEqual(client.connectionState, "connected", "the hub was down when the request ended, so `completed` was lost");
  reconnect.resolve();

  assert.deepEqual(await within(handle.done, "the outcome after reconnecting"), { chunks_finished: 3 });
  assert.ok(states.lastIndexOf("connected") > states.indexOf("reconnecting"), `the client reconnected (states: ${states.join(" → ")})`);
  const before = Math.max(...minted.filter(m => !m.closed).map(m => expiryOf(m.token)));
  assert.ok(minted.some(m => m.closed && expiryOf(m.token) > before), "the reconnect used a token minted after the close, newer than any before it");
  assertIncreasing(progress);
  assert.equal(progress.at(-1).percentage, 100);
});

test("the hub cannot come back after a drop: the client polls the status and completes", async t => {
  const sockets = await controlledSockets();
  const client = clientFor(t, token, { connectionOptions: sockets.connectionOptions, pollIntervalMs: 100 });
  const id = `js-polled-${suffix}`;
  const first = signal();
  const handle = await client.start("gated_test", { chunks: 2 }, { id, onProgress: first.resolve });
  await within(first.promise, "the first progress");
  await until(() => client.connectionState === "connected", "the hub is connected");

  sockets.block();
  assert.ok(sockets.drop() >= 1, "a live socket was dropped");
  await until(() => client.connectionState !== "connected", "the client noticed the drop");
  const statesAfterDrop = [];
  client.on("connection", state => statesAfterDrop.push(state));
  await openGate(id, 0);
  await openGate(id, 1);

  assert.deepEqual(await within(handle.done, "the outcome by polling"), { chunks_finished: 2 });
  assert.ok(!statesAfterDrop.includes("connected"), `the hub stayed down (states: ${statesAfterDrop.join(" → ")})`);
});

test("the hub is unreachable from the start, or there is no SignalR client: requests complete by polling", async t => {
  const sockets = await controlledSockets();
  sockets.block();
  const unreachable = clientFor(t, token, { connectionOptions: sockets.connectionOptions, pollIntervalMs: 100 });
  const withoutSignalR = clientFor(t, token, { signalR: null, pollIntervalMs: 100 });
  const states = [];
  unreachable.on("connection", state => states.push(state));

  const [first, second] = await within(Promise.all([
    unreachable.request("echo_async", { via: "polling" }),
    withoutSignalR.request("echo_async", { via: "no-signalr" }),
  ]), "both requests");

  assert.deepEqual(first.echo, { via: "polling" });
  assert.deepEqual(second.echo, { via: "no-signalr" });
  assert.ok(!states.includes("connected"), `the hub never connected (states: ${states.join(" → ")})`);
});

test("a start whose answer is lost is retried with the same id and yields the same request", async t => {
  const posted = [];
  const losingFirstAnswer = async (url, init) => {
    const response = await fetch(url, init);
    if (init.method === "POST" && String(url).endsWith("/api/requests")) {
      posted.push(JSON.parse(init.body).id);
      if (posted.length === 1) throw new TypeError("the connection was reset after the host answered"); // the host did start it
    }

    return response;
  };
  const client = clientFor(t, token, { fetch: losingFirstAnswer });

  const output = await within(client.request("echo_async", { retried: true }), "the retried request");

  assert.deepEqual(output.echo, { retried: true });
  assert.equal(posted.length, 2);
  assert.equal(posted[0], posted[1], "both attempts carried the same client-generated id");
});

test("refused starts reject with StreamerRequestError: 400, 404, 409, 401", async t => {
  const client = clientFor(t, token);

  const invalid = await rejectsWith(client.request("gated_test", { chunks: 0 }), { status: 400, code: "VALIDATION" });
  assert.ok(invalid.details.some(d => d.field === "payload.chunks"), `details name the field: ${JSON.stringify(invalid.details)}`);
  assert.ok(invalid.requestId, "the error names the request id");

  const unknown = await rejectsWith(client.request("no_such_action", {}), { status: 404, code: "NOT_FOUND" });
  assert.match(unknown.message, /no_such_action/);

  const id = `js-conflict-${suffix}`;
  const running = await client.start("echo_async", { version: 1 }, { id });
  await rejectsWith(client.request("echo_async", { version: 2 }, { id }), { status: 409, code: "CONFLICT" });
  assert.deepEqual((await within(running.done, "the first request")).echo, { version: 1 });

  const anonymous = clientFor(t, "not-a-token");
  await rejectsWith(anonymous.request("echo", {}), { status: 401, code: "UNAUTHORIZED" });

  assert.throws(() => new RawJson("{ not json"), SyntaxError, "a RawJson payload is checked before anything is sent");
});

test("another user's request is unknown to them: 404", async t => {
  const owner = clientFor(t, token);
  const other = clientFor(t, otherToken);
  const id = `js-private-${suffix}`;
  const handle = await owner.start("echo_async", { secret: true }, { id });

  await rejectsWith(other.status(id), { status: 404, code: "NOT_FOUND" });
  await rejectsWith(other.watch(id).done, { status: 404, code: "NOT_FOUND" });
  assert.deepEqual((await within(handle.done, "the owner's request")).echo, { secret: true });
});

test("past the start budget the host answers 429, mapped with its Retry-After", async t => {
  // A retry would wait out the window (about a minute, beyond maxRetryDelayMs); none is made, whatever the timing.
  const client = clientFor(t, limitedToken, { startRetries: 0 });
  // Starts until the first 429: the budget is spent within one window, or within the next if a window ended meanwhile.
  let limited = null;
  for (let i = 0; i <= 2 * ratePermits + 1 && !limited; i++) {
    limited = await within(client.request("echo", { i }).then(() => null, error => error), `start ${i}`);
  }

  assert.ok(limited instanceof StreamerRequestError, `a start was refused with a StreamerRequestError (got ${limited?.stack ?? limited})`);
  assert.equal(limited.status, 429, limited.message);
  assert.equal(limited.code, "RATE_LIMITED", limited.message);
  assert.ok(limited.retryAfterSeconds > 0, `retryAfterSeconds is set (${limited.retryAfterSeconds})`);
});

test("aborting request()'s signal cancels the request on the host: it ends Canceled", async t => {
  const client = clientFor(t, token);
  const id = `js-abort-${suffix}`;
  const controller = new AbortController();

  const error = await within(
    client.request("gated_test", { chunks: 2 }, { id, signal: controller.signal, onProgress: () => controller.abort() }).then(() => null, e => e),
    "the aborted request");

  assert.ok(error instanceof StreamerAbortError, `expected a StreamerAbortError, got ${error?.stack ?? error}`);
  assert.equal(error.name, "AbortError");
  assert.equal(error.requestId, id);
  assert.match(error.message, /cancelled/);
  const status = await finishedStatus(id);
  assert.equal(status.runtimeStatus, "Canceled");
  assert.equal(status.error.code, "CANCELED");
});

test("a handle's cancel() ends the request Canceled and done rejects with CANCELED", async t => {
  const client = clientFor(t, token);
  const first = signal();
  const handle = await client.start("gated_test", { chunks: 1 }, { id: `js-cancel-${suffix}`, onProgress: first.resolve });
  await within(first.promise, "the first progress");

  await handle.cancel();

  const error = await rejectsWith(handle.done, { status: null, code: "CANCELED" });
  assert.equal(error.runtimeStatus, "Canceled");
  assert.equal((await handle.status()).runtimeStatus, "Canceled");
});
