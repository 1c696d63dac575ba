import { el } from "./dom.js";

/**
 * Shows an error in a notice, or hides the notice when there is none: its code, its message and each invalid field
 * (a StreamerRequestError's details, or the page's own { code, message }).
 */
export function showProblem(node, error) {
  if (!error) {
    node.replaceChildren();
    node.hidden = true;
    return;
  }

  const fields = (error.details ?? []).map(e => el("li", { children: [el("code", { text: e.field }), document.createTextNode(" " + e.message)] }));
  // replaceChildren would show a null argument as the text "null".
  node.replaceChildren(
    el("p", { children: [el("strong", { text: error.code ?? "ERROR" }), document.createTextNode(": " + error.message)] }),
    ...(fields.length ? [el("ul", { children: fields })] : []),
  );
  node.hidden = false;
}
