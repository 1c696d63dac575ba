import { fromStatus, isTerminal, mergeOutcome, mergeProgress, mergeStatus } from "./request-state.js";
import { RequestView } from "./request-view.js";

/** The signed-in user's requests, newest first: their state, and the view of each. */
export class RequestList {
  /**
   * @param {HTMLOListElement} container
   * @param {HTMLElement} emptyNotice
   * @param {(id: string) => void} onCancel
   */
  constructor(container, emptyNotice, onCancel) {
    this.container = container;
    this.emptyNotice = emptyNotice;
    this.onCancel = onCancel;
    /** @type {Map<string, { state: object, view: RequestView }>} */
    this.entries = new Map();
  }

  has(id) {
    return this.entries.has(id);
  }

  get(id) {
    return this.entries.get(id)?.state;
  }

  /** The ids of requests that have not finished. */
  unfinished() {
    return [...this.entries.values()].filter(e => !isTerminal(e.state) && !e.state.sync).map(e => e.state.id);
  }

  clear() {
    this.entries.clear();
    this.container.replaceChildren();
    this.updateEmpty();
  }

  /** Adds a request, or merges what is known about it already. */
  upsert(state) {
    const entry = this.entries.get(state.id);
    if (entry) {
      this.mergeSnapshot(state);
      return;
    }

    const view = new RequestView(state, this.onCancel);
    this.entries.set(state.id, { state, view });
    this.insertInOrder(view.root, state);
    this.updateEmpty();
  }

  /** Merges a status body from the API (unknown requests are added). */
  mergeSnapshot(body) {
    const entry = this.entries.get(body.id);
    if (!entry) {
      this.upsert(fromStatus(body));
      return;
    }

    const created = entry.state.createdTime;
    if (!mergeStatus(entry.state, body)) return;
    entry.view.update(entry.state);

    // A request added at start carries the browser's clock until the host's creation time arrives.
    if (entry.state.createdTime !== created) {
      entry.view.root.remove();
      this.insertInOrder(entry.view.root, entry.state);
    }
  }

  /** Applies a progress update from the client (requests not in the list are ignored). */
  applyProgress(progress) {
    const entry = this.entries.get(progress.requestId);
    if (entry && mergeProgress(entry.state, progress)) entry.view.update(entry.state);
  }

  /** Applies a request's outcome from the client: { output } or { error }. */
  applyOutcome(id, outcome) {
    const entry = this.entries.get(id);
    if (!entry) return;
    mergeOutcome(entry.state, outcome);
    entry.view.update(entry.state);
  }

  markCancelRequested(id, requested, error = "") {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.state.cancelRequested = requested;
    entry.view.update(entry.state);
    entry.view.showCancelError(error);
  }

  /** Refreshes the running durations. */
  tick() {
    for (const { state, view } of this.entries.values()) {
      if (!isTerminal(state)) view.tick(state);
    }
  }

  insertInOrder(node, state) {
    const created = Date.parse(state.createdTime);
    for (const child of this.container.children) {
      const other = this.entries.get(child.dataset.requestId);
      if (other && Date.parse(other.state.createdTime) < created) {
        this.container.insertBefore(node, child);
        return;
      }
    }

    this.container.append(node);
  }

  updateEmpty() {
    this.emptyNotice.hidden = this.entries.size > 0;
  }
}
