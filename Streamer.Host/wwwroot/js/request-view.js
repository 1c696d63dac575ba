import { el } from "./dom.js";
import { fileLinks, formatBytes, formatDuration, formatPercent, formatTime } from "./format.js";
import { durationMs, isTerminal } from "./request-state.js";

const statusLabels = {
  Pending: "Queued",
  Running: "Running",
  Suspended: "Suspended",
  Completed: "Completed",
  Failed: "Failed",
  Canceled: "Canceled",
  Terminated: "Terminated",
  ContinuedAsNew: "Running",
};

let viewCount = 0;

// Results larger than this start collapsed, so one big report does not push everything else off screen; download
// links sit outside the collapsible part, so they stay in view.
const openResultLimit = 1500;

/** One request in the list. Built once; update() changes only what differs, so open details stay open. */
export class RequestView {
  /**
   * @param {object} state the request (request-state.js)
   * @param {(id: string) => void} onCancel
   */
  constructor(state, onCancel) {
    const id = state.id;
    const headingId = `request-title-${++viewCount}`;
    this.title = el("h3", { className: "request-action", text: state.action, attrs: { id: headingId } });
    this.idText = el("code", { className: "request-id", text: id });
    this.status = el("span", { className: "status" });
    this.fill = el("div", { className: "progress-fill" });
    this.bar = el("div", {
      className: "progress",
      attrs: { role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-labelledby": headingId },
      children: [this.fill],
    });
    this.percent = el("span", { className: "progress-percent" });
    this.message = el("p", { className: "request-message" });
    this.started = el("dd");
    this.duration = el("dd");
    this.meta = el("dl", { className: "request-meta", children: [el("dt", { text: "Started" }), this.started, el("dt", { text: "Duration" }), this.duration] });
    this.error = el("p", { className: "request-error" });
    this.links = el("p", { className: "request-links" });
    this.resultText = el("pre", { className: "code result-json" });
    this.result = el("details", { className: "request-result", children: [el("summary", { text: "Result" }), this.resultText] });
    this.links.hidden = true;
    this.result.hidden = true;
    this.cancel = el("button", { className: "button-danger cancel", text: "Cancel", attrs: { type: "button" } });
    this.cancel.addEventListener("click", () => onCancel(id));
    this.cancelError = el("p", { className: "cancel-error", attrs: { role: "alert" } });

    this.root = el("li", {
      className: "request",
      attrs: { "data-request-id": id, "aria-labelledby": headingId },
      children: [
        el("div", { className: "request-head", children: [this.title, this.status, this.idText] }),
        el("div", { className: "progress-row", children: [this.bar, this.percent] }),
        this.message,
        this.meta,
        this.error,
        this.links,
        this.result,
        el("div", { className: "request-actions", children: [this.cancel, this.cancelError] }),
      ],
    });
    this.renderedOutput = undefined;
    this.update(state);
  }

  update(state) {
    const terminal = isTerminal(state);
    const label = statusLabels[state.runtimeStatus] ?? state.runtimeStatus;
    this.root.dataset.status = state.runtimeStatus;
    this.status.textContent = state.sync ? `${label} · answered directly` : label;
    this.status.dataset.status = state.runtimeStatus;

    const percent = Math.max(0, Math.min(100, state.percentage));
    this.fill.style.width = `${percent}%`;
    this.bar.setAttribute("aria-valuenow", String(Math.floor(percent)));
    this.bar.setAttribute("aria-valuetext", `${formatPercent(percent)}${state.message ? ", " + state.message : ""}`);
    this.percent.textContent = formatPercent(percent);

    this.message.textContent = state.message || (terminal ? "" : "Waiting for the first progress report…");
    this.message.hidden = !this.message.textContent;
    this.started.textContent = formatTime(state.createdTime);
    this.tick(state);

    this.error.textContent = state.error ? `${state.error.code}: ${state.error.message}` : "";
    this.error.hidden = !state.error;

    this.renderOutput(state.output);

    this.cancel.hidden = terminal || state.sync;
    this.cancel.disabled = state.cancelRequested;
    this.cancel.textContent = state.cancelRequested ? "Canceling…" : "Cancel";

    // Every card has a cancel button, so each names its request for screen readers.
    this.cancel.setAttribute("aria-label", `${state.cancelRequested ? "Canceling" : "Cancel"} ${state.action} ${state.id}`);
    if (terminal) this.showCancelError("");
  }

  /** Refreshes the duration, which grows while the request runs. */
  tick(state) {
    this.duration.textContent = formatDuration(durationMs(state));
  }

  showCancelError(text) {
    this.cancelError.textContent = text;
    this.cancelError.hidden = !text;
  }

  renderOutput(output) {
    if (output === this.renderedOutput) return;
    this.renderedOutput = output;
    this.result.hidden = output === undefined || output === null;
    if (this.result.hidden) {
      this.links.hidden = true;
      return;
    }

    const json = JSON.stringify(output, null, 2);
    this.resultText.textContent = json;
    this.result.open = json.length <= openResultLimit;
    this.links.replaceChildren(
      ...fileLinks(output).map(file =>
        el("a", {
          className: "download",
          text: `Download ${file.name}${file.size === null ? "" : ` (${formatBytes(file.size)})`}`,
          attrs: { href: file.href, download: file.name, rel: "noopener noreferrer", target: "_blank" },
        })),
    );
    this.links.hidden = this.links.childElementCount === 0;
  }
}
