import { ApiError, createApi } from "./api.js";
import { showConnectionState } from "./connection-status.js";
import { byId, show } from "./dom.js";
import { showProblem } from "./problem-view.js";
import { createRealtime } from "./realtime.js";
import { RequestList } from "./request-list.js";
import { fromAccepted, fromSync } from "./request-state.js";
import { clearSession, isExpired, loadSession, saveSession, sessionFor } from "./session.js";
import { StartForm } from "./start-form.js";

// While the socket is down nothing is pushed, so unfinished requests are polled this often instead.
const pollWhileOfflineMs = 3000;

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
  workspace: byId("workspace"),
  requestsError: byId("requests-error"),
  refresh: byId("refresh"),
  loadMore: byId("load-more"),
};

let session = null;
let signedIn = false;
let realtime = null;
let continuation = null;
let expiryTimer = null;
let polling = false;
const fetching = new Set();

const api = createApi(() => session?.token ?? null, () => {
  if (signedIn) signOut("The host refused your token (it may have expired); sign in again.");
});
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

async function startRequest(action, payloadText, id) {
  const began = performance.now();
  const { status, body } = await api.startRequest(action, payloadText, id);
  if (status === 200) {
    list.upsert(fromSync(body, performance.now() - began));
    return;
  }

  if (!list.has(body.requestId)) list.upsert(fromAccepted(body));
  await refresh(body.requestId);
}

/** Reads one request's status and merges it; failures are left to the next refresh. */
async function refresh(id) {
  if (fetching.has(id)) return;
  fetching.add(id);
  try {
    const { body } = await api.getRequest(id);
    list.mergeSnapshot(body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  } finally {
    fetching.delete(id);
  }
}

async function refreshUnfinished() {
  await Promise.allSettled(list.unfinished().map(refresh));
}

/** Loads a page of the list: the newest when continuationToken is null. */
async function loadPage(continuationToken) {
  try {
    const { body } = await api.listRequests(continuationToken);
    for (const item of body.items) list.mergeSnapshot(item);
    if (continuationToken !== null || continuation === null) continuation = body.continuationToken ?? null;
    show(nodes.loadMore, continuation !== null);
    showProblem(nodes.requestsError, null);
  } catch (error) {
    if (error instanceof ApiError) showProblem(nodes.requestsError, error);
    else throw error;
  } finally {
    list.updateEmpty();
  }
}

/** After a (re)connect: whatever happened while the socket was down was not pushed, so read it. */
async function resync() {
  await Promise.allSettled([refreshUnfinished(), loadPage(null)]);
}

async function cancel(id) {
  list.markCancelRequested(id, true);
  try {
    const { body } = await api.cancelRequest(id);
    list.mergeSnapshot(body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    list.markCancelRequested(id, false, error.status === 409 ? "" : `${error.code}: ${error.detail}`);
    await refresh(id);
  }
}

function onMessage(kind, message) {
  if (!message || typeof message.requestId !== "string") return;

  // A request started elsewhere (another tab, a script) shows up with its first message.
  if (!list.applyMessage(kind, message)) void refresh(message.requestId);
}

async function signIn(candidate) {
  session = candidate;
  let actions;
  try {
    ({ body: actions } = await api.listActions());
  } catch (error) {
    session = null;
    throw error;
  }

  signedIn = true;
  saveSession(session);
  nodes.accountName.textContent = `${session.user} · ${session.tenant}`;
  show(nodes.account, true);
  show(nodes.signIn, false);
  show(nodes.workspace, true);
  showProblem(nodes.signInError, null);
  startForm.setActions(actions.items);

  clearTimeout(expiryTimer);
  if (session.expiresAt !== null) {
    expiryTimer = setTimeout(() => signOut("Your token has expired; sign in again."), Math.max(0, session.expiresAt - Date.now()));
  }

  list.clear();
  continuation = null;
  await loadPage(null);

  // Without the SignalR client the page still works: the poller keeps unfinished requests up to date.
  if (!globalThis.signalR) {
    showConnectionState(nodes.connection, "disconnected", "The SignalR client did not load.");
    return;
  }

  realtime = createRealtime({
    getToken: () => session?.token ?? null,
    onState: (state, detail) => showConnectionState(nodes.connection, state, detail),
    onMessage,
    onResync: () => void resync(),
  });
  void realtime.start();
}

function signOut(message) {
  signedIn = false;
  clearTimeout(expiryTimer);
  const closing = realtime;
  realtime = null;
  session = null;
  void closing?.stop();
  clearSession();
  list.clear();
  continuation = null;
  show(nodes.loadMore, false);
  show(nodes.workspace, false);
  show(nodes.account, false);
  show(nodes.signIn, true);
  showConnectionState(nodes.connection, "idle");
  showProblem(nodes.signInError, message ? { code: "SIGNED_OUT", detail: message } : null);
}

async function trySignIn(candidate) {
  try {
    await signIn(candidate);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showProblem(nodes.signInError, error);
  }
}

nodes.devForm.addEventListener("submit", async event => {
  event.preventDefault();
  const user = nodes.devUser.value.trim();
  const tenant = nodes.devTenant.value.trim();
  try {
    const { body } = await api.devToken(user, tenant);
    await trySignIn(sessionFor(body.token));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showProblem(nodes.signInError, error.status === 404
      ? { code: error.code, detail: "This host does not offer development sign-in (only a host in the Development environment does). Paste a token instead." }
      : error);
  }
});

nodes.tokenForm.addEventListener("submit", event => {
  event.preventDefault();
  const candidate = sessionFor(nodes.tokenInput.value);
  if (!candidate) {
    showProblem(nodes.signInError, { code: "VALIDATION", detail: "That is not a JWT: expected three base64url parts separated by dots." });
    return;
  }

  if (isExpired(candidate)) {
    showProblem(nodes.signInError, { code: "VALIDATION", detail: "That token has expired." });
    return;
  }

  nodes.tokenInput.value = "";
  void trySignIn(candidate);
});

nodes.signOut.addEventListener("click", () => signOut(null));
nodes.refresh.addEventListener("click", () => void resync());
nodes.loadMore.addEventListener("click", () => void loadPage(continuation));

setInterval(() => list.tick(), 1000);
setInterval(async () => {
  if (polling || !signedIn || realtime?.connected || list.unfinished().length === 0) return;
  polling = true;
  try {
    await refreshUnfinished();
  } finally {
    polling = false;
  }
}, pollWhileOfflineMs);

if (!globalThis.signalR) {
  nodes.fatal.textContent = "The SignalR client (lib/signalr/signalr.min.js) did not load, so progress cannot be shown live. Run `npm ci` and rebuild the host.";
  show(nodes.fatal, true);
}

const stored = loadSession();
if (stored) void trySignIn(stored);
