import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseStream } from './sse-stream.js';

function fakeConnection() {
  const request = Object.assign(new EventEmitter(), { socket: { setTimeout: vi.fn() } });
  const written: string[] = [];
  const response = Object.assign(new EventEmitter(), {
    head: null as null | { status: number; headers: Record<string, string> },
    writableLength: 0,
    writableEnded: false,
    writeHead(status: number, headers: Record<string, string>) {
      response.head = { status, headers };
    },
    write(chunk: string) {
      written.push(chunk);
      return true;
    },
    end() {
      response.writableEnded = true;
    },
  });
  return {
    request: request as unknown as IncomingMessage,
    response,
    raw: response as unknown as ServerResponse,
    written,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SseStream', () => {
  it('writes event-stream headers, messages, heartbeats, and ends after its maximum age', () => {
    vi.useFakeTimers();
    const { request, response, raw, written } = fakeConnection();
    const onClose = vi.fn();
    const stream = new SseStream(request, raw, { heartbeatMs: 1000, maxAgeMs: 3500, onClose });
    stream.open();
    expect(response.head?.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.head?.headers['cache-control']).toContain('no-cache');
    stream.send({ kind: 'created', id: 1 });
    stream.send({ user: 2 }, 'ready');
    expect(written.slice(1)).toEqual(['data: {"kind":"created","id":1}\n\n', 'event: ready\ndata: {"user":2}\n\n']);
    vi.advanceTimersByTime(3000);
    expect(written.filter((w) => w.startsWith(': ping'))).toHaveLength(3);
    expect(response.writableEnded).toBe(false);
    vi.advanceTimersByTime(600);
    expect(response.writableEnded).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(written.filter((w) => w.startsWith(': ping'))).toHaveLength(3);
  });

  it('ends the stream of a client that stopped reading, and when the client goes away', () => {
    const slow = fakeConnection();
    const stream = new SseStream(slow.request, slow.raw, {
      heartbeatMs: 60_000,
      maxAgeMs: 60_000,
      maxBufferedBytes: 10,
    });
    stream.open();
    slow.response.writableLength = 11;
    stream.send({ kind: 'bulk', count: 3 });
    expect(stream.closed).toBe(true);

    const gone = fakeConnection();
    const onClose = vi.fn();
    const other = new SseStream(gone.request, gone.raw, { heartbeatMs: 60_000, maxAgeMs: 60_000, onClose });
    other.open();
    (gone.request as unknown as EventEmitter).emit('close');
    expect(other.closed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
