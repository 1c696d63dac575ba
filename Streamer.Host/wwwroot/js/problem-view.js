import { el } from "./dom.js";

/** Shows an API error (code, detail and each invalid field) in a notice, or hides the notice when there is none. */
export function showProblem(node, error) {
  if (!error) {
    node.replaceChildren();
    node.hidden = true;
    return;
  }

  const fields = (error.errors ?? []).map(e => el("li", { children: [el("code", { text: e.field }), document.createTextNode(" " + e.message)] }));
  node.replaceChildren(
    el("p", { children: [el("strong", { text: error.code ?? "ERROR" }), document.createTextNode(": " + (error.detail ?? error.message))] }),
    fields.length ? el("ul", { children: fields }) : null,
  );
  node.hidden = false;
}
