// The signed-in user's token lives in sessionStorage: it survives a reload but not the tab. Beside it, how it was
// obtained, so a reloaded dev session is still renewed.
const storageKey = "streamer.session";
const sourceKey = "streamer.session.source";

/** How long before expiry a token is renewed (dev sign-in) or a new one asked for (pasted token), at most. */
const renewalLeadMs = 5 * 60_000;

/**
 * The claims of a JWT, read without checking the signature: only for showing who is signed in and when the
 * token expires. The host checks the token on every call.
 */
export function readClaims(token) {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

/**
 * A session for a token, or null when the token cannot be a JWT. `source` says where the token came from: "dev" (the
 * host's dev sign-in, which can mint another) or "token" (pasted: only the user can bring a new one).
 */
export function sessionFor(token, source = "token") {
  const trimmed = token.trim().replace(/^Bearer\s+/i, "");
  const claims = readClaims(trimmed);
  if (!claims) return null;
  const expiresAt = typeof claims.exp === "number" ? claims.exp * 1000 : null;
  const issuedAt = typeof claims.iat === "number" ? claims.iat * 1000 : null;
  return {
    token: trimmed,
    user: typeof claims.sub === "string" ? claims.sub : "(no user)",
    tenant: typeof claims.tid === "string" ? claims.tid : "(no tenant)",
    expiresAt,
    issuedAt,
    source: source === "dev" ? "dev" : "token",
  };
}

export function isExpired(session) {
  return session.expiresAt !== null && session.expiresAt <= Date.now();
}

/** Whether two sessions are the same user of the same tenant (a renewed token, not another sign-in). */
export function isSameUser(a, b) {
  return a.user === b.user && a.tenant === b.tenant;
}

/**
 * When to renew the session's token, or ask for a new one: halfway through a short-lived token, five minutes before a
 * long-lived one expires; null when it does not expire.
 */
export function renewalTime(session) {
  if (session.expiresAt === null) return null;
  const lifetime = Math.max(0, session.expiresAt - (session.issuedAt ?? Date.now()));
  return session.expiresAt - Math.min(renewalLeadMs, lifetime / 2);
}

export function saveSession(session) {
  sessionStorage.setItem(storageKey, session.token);
  sessionStorage.setItem(sourceKey, session.source);
}

/** The stored session, unless it has expired. */
export function loadSession() {
  const token = sessionStorage.getItem(storageKey);
  const session = token ? sessionFor(token, sessionStorage.getItem(sourceKey) ?? "token") : null;
  if (!session || isExpired(session)) {
    clearSession();
    return null;
  }

  return session;
}

export function clearSession() {
  sessionStorage.removeItem(storageKey);
  sessionStorage.removeItem(sourceKey);
}
