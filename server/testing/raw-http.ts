/**
 * Requests over a real socket, for what app.inject cannot send: a body cut short, a Content-Length
 * that is not what follows it, a connection closed mid-body, a body arriving in several packets.
 * The app must be listening (`app.listen({ port: 0 })`).
 */
import net from 'node:net';

export interface RawAnswer {
  /** The first response's status, or null when the server closed the connection without one. */
  status: number | null;
  /** The first response's body. */
  body: string;
  /** The first response's `error.code`, when its body is our error shape. */
  code: string | null;
  /** Everything the server sent. */
  raw: string;
}

/**
 * How the request ends after its bytes are written: `wait` for the server's answer and its closing
 * of the connection (the request says `Connection: close`), `half-close` (the client ends its side,
 * then reads the answer) or `close` (the client closes the connection and hears nothing).
 */
export type RawEnding = 'wait' | 'half-close' | 'close';

/** The head of a request: request line and headers, `Connection: close`, with `contentLength` if given. */
export function requestHead(
  method: string,
  url: string,
  headers: Record<string, string>,
  contentLength?: number,
): string {
  const lines = [`${method} ${url} HTTP/1.1`, 'Host: localhost', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (contentLength !== undefined) lines.push(`Content-Length: ${contentLength}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function firstAnswer(raw: string): Omit<RawAnswer, 'raw'> {
  const match = /^HTTP\/1\.1 (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n/.exec(raw);
  if (!match) return { status: null, body: '', code: null };
  const length = /^content-length:\s*(\d+)/im.exec(match[2]);
  const rest = Buffer.from(raw.slice(match[0].length));
  const body = (length ? rest.subarray(0, Number(length[1])) : rest).toString();
  let code: string | null;
  try {
    code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    code = null;
  }
  return { status: Number(match[1]), body, code };
}

/**
 * Sends `head` then `body` — split into packets at the offsets in `splitAt`, a pause between them —
 * and ends as `ending` says. Resolves when the connection has closed (at most `timeoutMs`).
 */
export function sendRaw(
  port: number,
  head: string,
  body: Buffer,
  ending: RawEnding,
  options: { splitAt?: number[]; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const cuts = [...new Set((options.splitAt ?? []).filter((at) => at > 0 && at < body.length))].sort((a, b) => a - b);
  const pieces = [0, ...cuts, body.length]
    .slice(1)
    .map((end, i, ends) => body.subarray(i === 0 ? 0 : ends[i - 1], end));
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of the exchange within ${options.timeoutMs ?? 10_000} ms: ${head.split('\r\n')[0]}`));
    }, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk) => received.push(chunk));
    // a reset after the answer (the server closing with unread bytes) is not the test's business
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(received).toString();
      resolve({ ...firstAnswer(raw), raw });
    });
    const write = (chunk: Buffer | string) => new Promise<void>((done) => socket.write(chunk, () => done()));
    const pause = () => new Promise((done) => setTimeout(done, 5));
    const sendPieces = async () => {
      await write(head);
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await pause();
        if (socket.destroyed) return;
        await write(piece);
      }
      if (ending === 'half-close') socket.end();
      else if (ending === 'close') socket.destroy();
    };
    socket.once('connect', () => void sendPieces().catch((error: unknown) => socket.destroy(error as Error)));
  });
}
