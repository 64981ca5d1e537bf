/** Component tests' stand-in for the API: every fetch answered by a handler (not shipped: only tests import it). */
import { vi } from 'vitest';

type Handler = (url: URL, init: RequestInit | undefined) => { status?: number; body: unknown } | undefined;

/** Replaces fetch: each call goes to `handler`; unanswered calls are 404. Returns the spy. */
export function mockFetch(handler: Handler) {
  const spy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const answer = handler(url, init) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not mocked' } } };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', spy);
  return spy;
}
