// One request as the page knows it, and the rules for merging what the host says about it. Updates can arrive
// out of order (the client's progress and outcomes, status reads, the list), so every merge keeps the newest and never
// goes back.

const terminalStatuses = new Set(["Completed", "Failed", "Canceled", "Terminated"]);

export function isTerminal(state) {
  return terminalStatuses.has(state.runtimeStatus);
}

/** A request from GET /api/requests or GET /api/requests/{id}. */
export function fromStatus(body) {
  const state = {
    id: body.id,
    action: body.action,
    runtimeStatus: "Pending",
    createdTime: body.createdTime,
    lastUpdatedTime: body.createdTime,
    percentage: 0,
    message: "",
    stage: null,
    sequence: -1,
    output: undefined,
    error: null,
    sync: false,
    cancelRequested: false,
    elapsedMs: null,
  };
  mergeStatus(state, body);
  return state;
}

/** A request the host just accepted (202): queued, nothing reported yet. */
export function fromAccepted(body) {
  return fromStatus({ id: body.requestId, action: body.action, runtimeStatus: "Pending", createdTime: new Date().toISOString() });
}

/** A sync action's 200 answer: finished already, and not stored by the host. */
export function fromSync(body, elapsedMs) {
  const now = new Date().toISOString();
  return {
    ...fromStatus({ id: body.requestId, action: body.action, runtimeStatus: body.success ? "Completed" : "Failed", createdTime: now, lastUpdatedTime: now }),
    output: body.data,
    percentage: 100,
    sync: true,
    elapsedMs,
  };
}

/** Merges a status snapshot; returns whether anything changed. */
export function mergeStatus(state, body) {
  const before = JSON.stringify(state);

  // A finished request stays finished, and a started one does not go back to Pending: a snapshot read earlier can
  // arrive after the progress or the end's message.
  const snapshotTerminal = terminalStatuses.has(body.runtimeStatus);
  const stale = isTerminal(state) ? !snapshotTerminal : body.runtimeStatus === "Pending" && state.runtimeStatus !== "Pending";
  if (typeof body.runtimeStatus === "string" && !stale) state.runtimeStatus = body.runtimeStatus;

  if (body.createdTime) state.createdTime = body.createdTime;
  // A terminal snapshot's time is the host's end time, which stands (a progress timestamp may be from another clock).
  if (body.lastUpdatedTime && (snapshotTerminal || !(Date.parse(body.lastUpdatedTime) < Date.parse(state.lastUpdatedTime)))) {
    state.lastUpdatedTime = body.lastUpdatedTime;
  }

  const progress = body.progress;
  if (progress && typeof progress.sequence === "number" && progress.sequence > state.sequence) {
    state.sequence = progress.sequence;
    state.message = progress.message ?? state.message;
    state.stage = progress.stage ?? state.stage;
  }

  if (progress && typeof progress.percentage === "number") {
    state.percentage = Math.max(state.percentage, progress.percentage);
  }

  if (body.output !== undefined && body.output !== null) state.output = body.output;
  if (body.error) state.error = { code: body.error.code, message: body.error.message };
  if (state.runtimeStatus === "Completed") state.percentage = 100;
  return JSON.stringify(state) !== before;
}

/** Merges a progress update; stale and duplicate ones (by sequence) are dropped. Returns whether it applied. */
export function mergeProgress(state, progress) {
  if (typeof progress.sequence !== "number" || progress.sequence <= state.sequence || isTerminal(state)) return false;
  state.sequence = progress.sequence;
  state.percentage = Math.max(state.percentage, Math.min(100, progress.percentage ?? 0));
  state.message = progress.message ?? state.message;
  state.stage = progress.stage ?? state.stage;
  if (state.runtimeStatus === "Pending") state.runtimeStatus = "Running";
  if (progress.timestamp) state.lastUpdatedTime = progress.timestamp;
  return true;
}

/**
 * Merges the outcome the client reported: { output }, or { error } for a request that ended Failed, Canceled or
 * Terminated (a StreamerRequestError whose runtimeStatus says which). The host's own end time follows with a status
 * read; the browser's clock is not a stand-in for it.
 */
export function mergeOutcome(state, outcome) {
  if ("error" in outcome) {
    state.runtimeStatus = outcome.error.runtimeStatus;
    state.error = { code: outcome.error.code, message: outcome.error.message };
  } else {
    state.runtimeStatus = "Completed";
    state.output = outcome.output;
    state.percentage = 100;
  }
}

/** How long the request has taken so far, or took. */
export function durationMs(state, now = Date.now()) {
  if (state.elapsedMs !== null) return state.elapsedMs;
  const start = Date.parse(state.createdTime);
  const end = isTerminal(state) ? Date.parse(state.lastUpdatedTime) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : NaN;
}
