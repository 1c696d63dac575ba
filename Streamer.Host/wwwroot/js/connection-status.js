const labels = {
  idle: "Not connected",
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Connection lost: reconnecting…",
  disconnected: "Offline: retrying…",
};

/** Shows the live connection's state in the header (a polite live region, so screen readers hear changes). */
export function showConnectionState(node, state, detail) {
  node.dataset.state = state;
  node.textContent = labels[state] ?? state;
  node.title = detail ?? "";
}
