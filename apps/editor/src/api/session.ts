/**
 * The logged-in session as the editor sees it. The session cookie itself is httpOnly: what the editor
 * keeps is the CSRF token the server wants on every cookie-authenticated write (`x-csrf-token`).
 */
let csrfToken: string | undefined;
let pending: Promise<string | undefined> | undefined;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Remembers the CSRF token from a login answer. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
  pending = undefined;
}

async function loadCsrfToken(): Promise<string | undefined> {
  try {
    const res = await fetch('/api/auth/me', { headers: { accept: 'application/json' } });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { csrfToken?: unknown };
    return typeof body.csrfToken === 'string' ? body.csrfToken : undefined;
  } catch {
    // Not served by Scoreflow (tests against a bare server): writes go without the header.
    return undefined;
  }
}

/** The headers a request needs for the session: the CSRF token on writes. */
export async function sessionHeaders(method: string): Promise<Record<string, string>> {
  if (SAFE.has(method.toUpperCase())) return {};
  if (csrfToken === undefined) {
    pending ??= loadCsrfToken();
    csrfToken = await pending;
    pending = undefined;
  }
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** A 401 means the session is gone: go to the login page, and come back here afterwards. */
export function onUnauthorized(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/login') return;
  setCsrfToken(undefined);
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}
