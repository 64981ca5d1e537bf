/**
 * The typed fetch client for /api. Same origin, so the session is the http-only cookie the login
 * sets (`credentials: 'same-origin'`); nothing is kept in JavaScript.
 *
 *   const report = await api.get<KpiReport>('/api/analytics/kpis', { preset: 'this_month' });
 *   await api.post('/api/events/12/actions/accept', { note: '…' });
 *
 * Every failure is an ApiError with the server's `error.code` and `error.message` (or code
 * `NETWORK` when the server could not be reached). A 401 from any call but the login itself
 * calls the handler set with `onUnauthorized` — the app sends the user to the login page.
 *
 * Every request carries `X-Requested-With: yiwang`: the server refuses a change made with the
 * session cookie that shows neither this site's Origin nor this header (CSRF_REJECTED,
 * server/http/security-csrf.ts). Anything else that calls the API sends it too (attachments.ts).
 */

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's stable error code (docs/errors.md), or NETWORK / HTTP_<status>. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type UnauthorizedHandler = (error: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Who to tell when the session is missing or expired (the auth context). Returns the undo. */
export function onUnauthorized(handler: UnauthorizedHandler): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = null;
  };
}

/** `/path?a=1&b=x` — skipping undefined, null and '' values; arrays repeat the key. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as QueryValue[])
      if (v !== undefined && v !== null && v !== '') params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Do not call the unauthorized handler on 401 (the login form, the session probe). */
  quietUnauthorized?: boolean;
}

/** The header the server's CSRF check accepts when a browser sends no Origin (server/http/security-csrf.ts). */
export const CSRF_HEADERS = { 'x-requested-with': 'yiwang' } as const;

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...CSRF_HEADERS, ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', (error as Error).message || 'network error');
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const payload = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const error = new ApiError(
      response.status,
      payload?.code ?? `HTTP_${response.status}`,
      payload?.message ?? response.statusText,
      payload?.details,
    );
    if (response.status === 401 && !options.quietUnauthorized) unauthorizedHandler?.(error);
    throw error;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, options),
};
