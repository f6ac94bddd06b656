// The REST API (`/api/v1`, same origin) with the bearer token the user pasted.

const TOKEN_KEY = 'uitkijk.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** True once the user chose a token, or chose none (a server run with --public-anonymous). */
export function hasSession() {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

/** An API answer that was not 2xx, with the server's JSON `error`/`detail`. */
export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
  }
}

/** Builds `/api/v1/<path>?<query>`, leaving out empty query values. */
export function url(path, query = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return `/api/v1/${path}${s ? `?${s}` : ''}`;
}

async function request(path, query, accept, init = {}) {
  const headers = { Accept: accept, ...(init.headers ?? {}) };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const res = await fetch(url(path, query), { ...init, headers });
  if (!res.ok) {
    let error = `HTTP ${res.status}`;
    let detail = '';
    try {
      const body = await res.json();
      error = body.error ?? error;
      detail = body.detail ?? '';
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, error, detail);
  }
  return res;
}

export async function get(path, query = {}) {
  return (await request(path, query, 'application/json')).json();
}

export async function getText(path, query = {}) {
  return (await request(path, query, '*/*')).text();
}

/** POSTs `body` as JSON; answers the JSON reply. */
export async function post(path, body) {
  const init = { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  return (await request(path, {}, 'application/json', init)).json();
}
