// The signed-in user's token lives in sessionStorage: it survives a reload but not the tab.
const storageKey = "streamer.session";

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

/** A session for a token, or null when the token cannot be a JWT. */
export function sessionFor(token) {
  const trimmed = token.trim().replace(/^Bearer\s+/i, "");
  const claims = readClaims(trimmed);
  if (!claims) return null;
  const expiresAt = typeof claims.exp === "number" ? claims.exp * 1000 : null;
  return {
    token: trimmed,
    user: typeof claims.sub === "string" ? claims.sub : "(no user)",
    tenant: typeof claims.tid === "string" ? claims.tid : "(no tenant)",
    expiresAt,
  };
}

export function isExpired(session) {
  return session.expiresAt !== null && session.expiresAt <= Date.now();
}

export function saveSession(session) {
  sessionStorage.setItem(storageKey, session.token);
}

/** The stored session, unless it has expired. */
export function loadSession() {
  const token = sessionStorage.getItem(storageKey);
  const session = token ? sessionFor(token) : null;
  if (!session || isExpired(session)) {
    clearSession();
    return null;
  }

  return session;
}

export function clearSession() {
  sessionStorage.removeItem(storageKey);
}
