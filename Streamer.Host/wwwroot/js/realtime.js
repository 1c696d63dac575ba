// Live updates over SignalR (README "Try it"): the stock browser client negotiates at POST /api/negotiate.

const signalR = globalThis.signalR;

/** Reconnect forever, backing off to one attempt every 10 s: a dashboard left open should come back by itself. */
const retryPolicy = {
  nextRetryDelayInMilliseconds: context => Math.min(10_000, 500 * 2 ** context.previousRetryCount),
};

/**
 * A connection to the streamer hub that reconnects by itself.
 * @param {{
 *   getToken: () => string | null,
 *   onState: (state: "idle" | "connecting" | "connected" | "reconnecting" | "disconnected", detail?: string) => void,
 *   onMessage: (kind: "progress" | "completed" | "failed", message: object) => void,
 *   onResync: () => void,
 * }} options onResync runs after every (re)connect: messages sent while the socket was down are lost.
 */
export function createRealtime({ getToken, onState, onMessage, onResync }) {
  if (!signalR) {
    throw new Error("The SignalR client did not load (lib/signalr/signalr.min.js); run `npm ci` and rebuild the host.");
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(new URL("api", document.baseURI).href, { accessTokenFactory: () => getToken() ?? "" })
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  // Handlers have block bodies: the client treats a returned value as a result and logs an error per message.
  for (const kind of ["progress", "completed", "failed"]) {
    connection.on(kind, message => {
      onMessage(kind, message);
    });
  }

  let stopped = true;
  let restartTimer = null;
  let attempt = 0;

  connection.onreconnecting(error => {
    onState("reconnecting", error?.message);
  });
  connection.onreconnected(() => {
    onState("connected");
    onResync();
  });

  // The automatic reconnect does not cover the first start, nor a close after a failed reconnect (a restarted host
  // that refuses the old connection id); both come back here.
  connection.onclose(error => {
    if (!stopped) {
      onState("disconnected", error?.message);
      scheduleRestart();
    }
  });

  async function start() {
    clearTimeout(restartTimer);
    onState(attempt === 0 ? "connecting" : "reconnecting");
    try {
      await connection.start();
      attempt = 0;
      onState("connected");
      onResync();
    } catch (error) {
      if (stopped) return;
      onState("disconnected", error?.message);
      scheduleRestart();
    }
  }

  function scheduleRestart() {
    clearTimeout(restartTimer);
    const delay = retryPolicy.nextRetryDelayInMilliseconds({ previousRetryCount: attempt++ });
    restartTimer = setTimeout(() => {
      if (!stopped && connection.state === signalR.HubConnectionState.Disconnected) void start();
    }, delay);
  }

  return {
    start() {
      stopped = false;
      attempt = 0;
      return start();
    },
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      await connection.stop();
    },
    get connected() {
      return connection.state === signalR.HubConnectionState.Connected;
    },
  };
}
