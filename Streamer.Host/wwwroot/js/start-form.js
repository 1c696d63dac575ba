import { el } from "./dom.js";
import { showProblem } from "./problem-view.js";

/**
 * The start form: pick an action, edit its payload (prefilled with the action's example), start it.
 * Drafts are kept per action, so switching back and forth loses no edits.
 */
export class StartForm {
  /**
   * @param {{ form: HTMLFormElement, action: HTMLSelectElement, hint: HTMLElement, payload: HTMLTextAreaElement,
   *   requestId: HTMLInputElement, button: HTMLButtonElement, reset: HTMLButtonElement, error: HTMLElement }} nodes
   * @param {(action: string, payloadText: string, id: string | null) => Promise<void>} onStart rejects with a StreamerRequestError
   */
  constructor(nodes, onStart) {
    this.nodes = nodes;
    this.actions = new Map();
    this.drafts = new Map();
    this.current = null;
    nodes.action.addEventListener("change", () => this.select(nodes.action.value));
    nodes.reset.addEventListener("click", () => {
      this.drafts.delete(this.current);
      this.select(this.current);
    });
    nodes.form.addEventListener("submit", event => {
      event.preventDefault();
      void this.submit(onStart);
    });
  }

  /** Lists the actions from GET /api/actions. */
  setActions(items) {
    this.actions = new Map(items.map(a => [a.name, a]));
    this.nodes.action.replaceChildren(...items.map(a => el("option", { text: a.name, attrs: { value: a.name } })));
    this.nodes.button.disabled = items.length === 0;
    if (items.length === 0) {
      this.nodes.hint.textContent = "Your token does not allow any action.";
      this.nodes.payload.value = "";
      return;
    }

    this.select(this.actions.has(this.current) ? this.current : items[0].name);
  }

  select(name) {
    if (this.current && this.current !== name) this.drafts.set(this.current, this.nodes.payload.value);
    this.current = name;
    this.nodes.action.value = name;
    const action = this.actions.get(name);
    this.nodes.hint.textContent =
      action?.runsAsync === true ? "Runs as a durable request: answers 202 at once and reports progress live."
        : action?.runsAsync === false ? "Answers directly (200) with its result."
          : "The host decides per payload whether it answers directly or runs as a durable request.";
    this.nodes.payload.value = this.drafts.get(name) ?? JSON.stringify(action?.example ?? {}, null, 2);
  }

  async submit(onStart) {
    const { payload, requestId, button, error } = this.nodes;
    const text = payload.value.trim() || "{}";
    try {
      JSON.parse(text);
    } catch (parseError) {
      showProblem(error, { code: "VALIDATION", message: `The payload is not valid JSON: ${parseError.message}` });
      payload.focus();
      return;
    }

    showProblem(error, null);
    button.disabled = true;
    button.textContent = "Starting…";
    const id = requestId.value.trim() || null;
    try {
      await onStart(this.current, text, id);
      // Cleared only if unchanged: an id typed for the next request while this one started is kept.
      if ((requestId.value.trim() || null) === id) requestId.value = "";
    } catch (failure) {
      showProblem(error, failure);
    } finally {
      button.disabled = false;
      button.textContent = "Start";
    }
  }
}
