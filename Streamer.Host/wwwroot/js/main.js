import { showConnectionState } from "./connection-status.js";
import { requestDevToken } from "./dev-sign-in.js";
import { byId, show } from "./dom.js";
import { formatTime } from "./format.js";
import { showProblem } from "./problem-view.js";
import { RequestList } from "./request-list.js";
import { fromAccepted, fromSync } from "./request-state.js";
import { clearSession, isExpired, isSameUser, loadSession, renewalTime, saveSession, sessionFor } from "./session.js";
import { StartForm } from "./start-form.js";
import { createStreamerClient, RawJson, StreamerRequestError } from "./streamer-client.js";

// Starting, progress (live over the hub, polled while it is down), outcomes, cancel and status reads all go through
// streamer-client.js; this module wires them to the page.
//
// Tokens expire, and the host closes a hub connection when the token it was opened with does. So before the session's
// token expires the page gets a new one (a dev sign-in mints one; for a pasted token it asks the user), and the client's
// calls and hub reconnects use whichever token is current: the connection the host closes comes back with the new one.

const nodes = {
  connection: byId("connection"),
  account: byId("account"),
  accountName: byId("account-name"),
  signOut: byId("sign-out"),
  fatal: byId("fatal"),
  signIn: byId("sign-in"),
  signInError: byId("sign-in-error"),
  devForm: byId("dev-sign-in"),
  devUser: byId("dev-user"),
  devTenant: byId("dev-tenant"),
  tokenForm: byId("token-sign-in"),
  tokenInput: byId("token-input"),
  renewForm: byId("renew-token"),
  renewHint: byId("renew-hint"),
  renewInput: byId("renew-input"),
  renewError: byId("renew-error"),
  workspace: byId("workspace"),
  requestsError: byId("requests-error"),
  refresh: byId("refresh"),
  loadMore: byId("load-more"),
};

let session = null;
let signedIn = false;
/** The signed-in session's client; a new one per sign-in, closed at sign-out. */
let client = null;
let continuation = null;
let expiryTimer = null;
/** When the session's token is renewed (dev sign-in) or a new one asked for (pasted token). */
let renewalTimer = null;
const fetching = new Set();
/** Requests read again once their read in flight ends: that one may have left before the outcome it should show. */
const refetch = new Set();
/** Counts sign-ins, so a slower one that was superseded does not replace the newer one's client. */
let signInAttempt = 0;
/** The requests whose progress and outcome the client follows for the list, each once. */
const followed = new Set();

const list = new RequestList(byId("request-list"), byId("requests-empty"), id => void cancel(id));
const startForm = new StartForm(
  {
    form: byId("start-form"),
    action: byId("action"),
    hint: byId("action-hint"),
    payload: byId("payload"),
    requestId: byId("request-id"),
    button: byId("start-button"),
    reset: byId("reset-payload"),
    error: byId("start-error"),
  },
  startRequest,
);

/** An error that is not the host's answer (a bug, an unexpected body) is shown rather than left unhandled. */
function showUnexpected(node, error) {
  console.error(error);
  showProblem(node, { code: "INTERNAL", message: String(error?.message ?? error) });
}

/** Whether an error is the host's (or the network's) answer; a refused token ends the session, whichever call saw it. */
function isApiError(error) {
  if (!(error instanceof StreamerRequestError)) return false;
  if (error.status === 401 && signedIn) signOut("The host refused your token (it may have expired); sign in again.");
  return true;
}

async function startRequest(action, payloadText, id) {
  const began = performance.now();
  const current = client;
  let handle;
  try {
    // The payload goes as the user typed it, so numbers beyond double precision are not rounded on the way.
    handle = await current.start(action, new RawJson(payloadText), { id: id ?? undefined });
  } catch (error) {
    isApiError(error);
    throw error;
  }

  if (current !== client) return;

  if (handle.sync) {
    list.upsert(fromSync({ requestId: handle.id, action, success: true, data: await handle.done }, performance.now() - began));
    return;
  }

  if (!list.has(handle.id)) list.upsert(fromAccepted({ requestId: handle.id, action }));
  follow(handle.id);
  await refresh(handle.id);
}

/** Has the client follow an unfinished request until it ends; then one status read brings the host's final state. */
function follow(id) {
  if (!client || followed.has(id)) return;
  followed.add(id);
  const current = client;
  const handle = current.watch(id, { onProgress: progress => list.applyProgress(progress) });
  handle.done
    .then(
      output => list.applyOutcome(id, { output }),
      error => {
        // A refusal (unknown request, closed client) leaves the card as it last was.
        if (error.runtimeStatus) list.applyOutcome(id, { error });
        else isApiError(error);
      })
    .finally(() => {
      followed.delete(id);
      if (current === client) void refresh(id);
    });
}

function followUnfinished() {
  for (const id of list.unfinished()) follow(id);
}

/** Reads one request's status and merges it; failures are left to the next refresh. */
async function refresh(id) {
  if (fetching.has(id)) {
    refetch.add(id);
    return;
  }

  fetching.add(id);
  const current = client;
  try {
    if (!current) return;
    const body = await current.status(id);
    if (current !== client) return;
    list.mergeSnapshot(body);
    followUnfinished();
  } catch (error) {
    if (!isApiError(error)) showUnexpected(nodes.requestsError, error);
  } finally {
    fetching.delete(id);
    if (refetch.delete(id) && current === client) void refresh(id);
  }
}

/** Loads a page of the list: the newest when continuationToken is null. */
async function loadPage(continuationToken) {
  const current = client;
  try {
    const page = await current.list({ top: 50, continuationToken });
    if (current !== client) return;
    for (const item of page.items) list.mergeSnapshot(item);
    if (continuationToken !== null || continuation === null) continuation = page.continuationToken ?? null;
    show(nodes.loadMore, continuation !== null);
    showProblem(nodes.requestsError, null);
    followUnfinished();
  } catch (error) {
    if (isApiError(error)) showProblem(nodes.requestsError, error);
    else showUnexpected(nodes.requestsError, error);
  } finally {
    list.updateEmpty();
  }
}

/** The Refresh button: read every unfinished request and the newest page again. */
async function resync() {
  await Promise.allSettled([...list.unfinished().map(refresh), loadPage(null)]);
}

async function cancel(id) {
  list.markCancelRequested(id, true);
  try {
    list.mergeSnapshot(await client.cancel(id));
  } catch (error) {
    if (!isApiError(error)) {
      list.markCancelRequested(id, false, String(error?.message ?? error));
      return;
    }

    list.markCancelRequested(id, false, error.status === 409 ? "" : `${error.code}: ${error.message}`);
    await refresh(id);
  }
}

/** A hub message about a request the list does not show: one started elsewhere (another tab, a script). */
function onForeignMessage(message) {
  if (typeof message?.requestId === "string" && !list.has(message.requestId)) void refresh(message.requestId);
}

async function signIn(candidate) {
  const attempt = ++signInAttempt;
  // Once signed in, the current session's token: a renewed one replaces it without a new client.
  const next = createStreamerClient({ baseUrl: document.baseURI, accessTokenFactory: () => (next === client && session ? session.token : candidate.token) });
  let actions;
  try {
    actions = await next.actions();
  } catch (error) {
    void next.close();
    if (attempt !== signInAttempt) return; // superseded: the newer sign-in reports its own outcome
    throw error;
  }

  if (attempt !== signInAttempt) {
    void next.close();
    return;
  }

  const previous = client;
  session = candidate;
  client = next;
  void previous?.close();
  signedIn = true;
  saveSession(session);
  nodes.accountName.textContent = `${session.user} · ${session.tenant}`;
  show(nodes.account, true);
  show(nodes.signIn, false);
  show(nodes.workspace, true);
  showProblem(nodes.signInError, null);
  startForm.setActions(actions.items);

  scheduleRenewal();

  list.clear();
  followed.clear();
  continuation = null;

  // Before loadPage, which opens the hub for unfinished requests: no state change goes unseen.
  // Without the SignalR client the page still works: the client polls unfinished requests (state "disconnected").
  next.on("connection", (state, detail) => {
    if (next !== client) return;
    showConnectionState(nodes.connection, state, detail);
    // Whatever was started elsewhere while the socket was down was not pushed; the client catches up on the rest.
    if (state === "connected") void loadPage(null);
  });
  showConnectionState(nodes.connection, next.connectionState);
  for (const kind of ["progress", "completed", "failed"]) next.on(kind, onForeignMessage);
  await loadPage(null);
  if (next === client) void next.connect();
}

/** Times the session's end, and its renewal before that. */
function scheduleRenewal() {
  clearTimeout(expiryTimer);
  clearTimeout(renewalTimer);
  askForToken(false);
  if (session.expiresAt === null) return;
  expiryTimer = setTimeout(() => signOut("Your token has expired; sign in again."), Math.max(0, session.expiresAt - Date.now()));
  renewalTimer = setTimeout(() => void renewToken(), Math.max(0, renewalTime(session) - Date.now()));
}

/** A dev session mints its next token; a pasted token's user is asked for one. */
async function renewToken() {
  const current = session;
  if (!current) return;
  if (current.source !== "dev") {
    askForToken(true);
    return;
  }

  let renewed = null;
  try {
    const token = await requestDevToken(current.user, current.tenant);
    renewed = typeof token === "string" ? sessionFor(token, "dev") : null;
  } catch (error) {
    console.warn("Renewing the development token failed; trying again.", error);
  }

  if (session !== current) return; // signed out, or in as someone else, meanwhile
  if (renewed && isSameUser(renewed, current) && !isExpired(renewed)) {
    adopt(renewed);
    return;
  }

  // Again shortly, while the current token holds; when it runs out, the session ends.
  const retryMs = Math.min(5000, Math.max(1000, (current.expiresAt - Date.now()) / 2));
  renewalTimer = setTimeout(() => void renewToken(), retryMs);
}

/** Makes a newer token of the same user the session's: the client's next call, and its next hub connection, use it. */
function adopt(renewed) {
  session = renewed;
  saveSession(session);
  scheduleRenewal();
}

/** Shows or hides the request for a new token of the signed-in user. */
function askForToken(visible) {
  if (visible && session) {
    nodes.renewHint.textContent = `Your token for ${session.user} · ${session.tenant} expires at ${formatTime(session.expiresAt)}. `
      + "Paste a new one to stay signed in; live progress reconnects with it.";
  }

  if (!visible) {
    nodes.renewInput.value = "";
    showProblem(nodes.renewError, null);
  }

  show(nodes.renewForm, visible);
}

/** A pasted renewal: the same user's token replaces the session's once the host accepts it; another user's signs in anew. */
async function renewWith(candidate) {
  const current = session;
  if (!isSameUser(candidate, current)) {
    await trySignIn(candidate);
    return;
  }

  const probe = createStreamerClient({ baseUrl: document.baseURI, accessTokenFactory: () => candidate.token, signalR: null });
  try {
    await probe.actions();
  } catch (error) {
    if (session !== current) return;
    if (error instanceof StreamerRequestError) showProblem(nodes.renewError, error);
    else showUnexpected(nodes.renewError, error);
    return;
  } finally {
    void probe.close();
  }

  if (session === current) adopt({ ...candidate, source: current.source });
}

function signOut(message) {
  signInAttempt++; // a sign-in still waiting for its answer is dropped
  signedIn = false;
  clearTimeout(expiryTimer);
  clearTimeout(renewalTimer);
  askForToken(false);
  const closing = client;
  client = null;
  session = null;
  void closing?.close();
  clearSession();
  list.clear();
  followed.clear();
  continuation = null;
  show(nodes.loadMore, false);
  show(nodes.workspace, false);
  show(nodes.account, false);
  show(nodes.signIn, true);
  showConnectionState(nodes.connection, "idle");
  showProblem(nodes.signInError, message ? { code: "SIGNED_OUT", message } : null);
}

async function trySignIn(candidate) {
  try {
    await signIn(candidate);
  } catch (error) {
    if (error instanceof StreamerRequestError) showProblem(nodes.signInError, error);
    else showUnexpected(nodes.signInError, error);
  }
}

const notAJwt = { code: "VALIDATION", message: "That is not a JWT: expected three base64url parts separated by dots." };

nodes.devForm.addEventListener("submit", async event => {
  event.preventDefault();
  const user = nodes.devUser.value.trim();
  const tenant = nodes.devTenant.value.trim();
  try {
    const token = await requestDevToken(user, tenant);
    const candidate = typeof token === "string" ? sessionFor(token, "dev") : null;
    if (!candidate) {
      showProblem(nodes.signInError, notAJwt);
      return;
    }

    await trySignIn(candidate);
  } catch (error) {
    if (!(error instanceof StreamerRequestError)) {
      showUnexpected(nodes.signInError, error);
      return;
    }

    showProblem(nodes.signInError, error.status === 404
      ? { code: error.code, message: "This host does not offer development sign-in (only a host in the Development environment does). Paste a token instead." }
      : error);
  }
});

nodes.tokenForm.addEventListener("submit", event => {
  event.preventDefault();
  const candidate = sessionFor(nodes.tokenInput.value);
  if (!candidate) {
    showProblem(nodes.signInError, notAJwt);
    return;
  }

  if (isExpired(candidate)) {
    showProblem(nodes.signInError, { code: "VALIDATION", message: "That token has expired." });
    return;
  }

  nodes.tokenInput.value = "";
  void trySignIn(candidate);
});

nodes.renewForm.addEventListener("submit", event => {
  event.preventDefault();
  const candidate = sessionFor(nodes.renewInput.value);
  if (!candidate) {
    showProblem(nodes.renewError, notAJwt);
    return;
  }

  if (isExpired(candidate)) {
    showProblem(nodes.renewError, { code: "VALIDATION", message: "That token has expired." });
    return;
  }

  if (session) void renewWith(candidate);
});

nodes.signOut.addEventListener("click", () => signOut(null));
nodes.refresh.addEventListener("click", () => void resync());
nodes.loadMore.addEventListener("click", () => void loadPage(continuation));

setInterval(() => list.tick(), 1000);

if (!globalThis.signalR) {
  nodes.fatal.textContent = "The SignalR client (lib/signalr/signalr.min.js) did not load, so progress cannot be shown live. Run `npm ci` and rebuild the host.";
  show(nodes.fatal, true);
}

const stored = loadSession();
if (stored) void trySignIn(stored);
