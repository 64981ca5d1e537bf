/**
 * One server-sent-events response (text/event-stream) on a hijacked Fastify reply: headers, a
 * retry hint, JSON messages, a comment line as heartbeat (so proxies and browsers keep the
 * connection, and a dead one is noticed), and an end after `maxAgeMs` — the browser reconnects
 * by itself, which re-checks the session. A client that stops reading is cut off rather than
 * buffered without limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SseOptions {
  heartbeatMs: number;
  maxAgeMs: number;
  /** How long the browser waits before reconnecting. */
  retryMs?: number;
  /** Bytes queued for a slow client before the stream is ended. */
  maxBufferedBytes?: number;
  onClose?: () => void;
}

export class SseStream {
  private heartbeat: NodeJS.Timeout | null = null;
  private expiry: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly options: SseOptions,
  ) {}

  get closed(): boolean {
    return this.ended;
  }

  open(): void {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies: do not buffer the stream
      'x-accel-buffering': 'no',
    });
    this.response.write(`retry: ${this.options.retryMs ?? 3000}\n: connected\n\n`);
    this.heartbeat = setInterval(() => this.write(`: ping ${new Date().toISOString()}\n\n`), this.options.heartbeatMs);
    this.expiry = setTimeout(() => this.close(), this.options.maxAgeMs);
    this.heartbeat.unref();
    this.expiry.unref();
    this.request.socket.setTimeout(0);
    this.request.on('close', () => this.close());
    this.response.on('error', () => this.close());
  }

  /** Sends one message; `event` names it (the default is "message"). */
  send(data: unknown, event?: string): void {
    this.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.expiry) clearTimeout(this.expiry);
    if (!this.response.writableEnded) this.response.end();
    this.options.onClose?.();
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.response.writableLength > (this.options.maxBufferedBytes ?? 256 * 1024)) {
      this.close();
      return;
    }
    this.response.write(chunk);
  }
}
