/** HTTP to a server process as a signed-in person (cookie and CSRF token), over fetch. */

export interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string };
  headers: Headers;
}

export interface Client {
  baseUrl: string;
  cookie: string;
  csrfToken: string;
  /** Sends JSON; network failures (the server killed mid-request) answer status 0 with the error's message. */
  request(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(pathname: string): Promise<Reply>;
  post(pathname: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** The same session against another server (sessions live in the database). */
  at(baseUrl: string): Client;
}

export async function request(baseUrl: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  try {
    const res = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  } catch (err) {
    return { status: 0, body: { error: 'network', message: (err as Error).message }, headers: new Headers() };
  }
}

function client(baseUrl: string, cookie: string, csrfToken: string): Client {
  const send = (method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(baseUrl, method, pathname, body, { cookie, ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': csrfToken }), ...headers });
  return {
    baseUrl,
    cookie,
    csrfToken,
    request: send,
    get: (p) => send('GET', p),
    post: (p, b, h) => send('POST', p, b, h),
    at: (other) => client(other, cookie, csrfToken),
  };
}

export async function signInAt(baseUrl: string, account: { username: string; password: string }): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in of ${account.username} failed: ${res.status} ${text}`);
  const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0];
  return client(baseUrl, cookie, (JSON.parse(text) as { csrfToken: string }).csrfToken);
}
