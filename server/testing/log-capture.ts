/**
 * The app's log lines, kept for a test to read: pass `logStream` to createTestContext with
 * `config: { logLevel: 'info' }` (or lower). Each line is pino's JSON.
 */
export interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  err?: { message?: string; code?: string };
  [key: string]: unknown;
}

/** pino's level numbers. */
export const LOG_LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

export class LogCapture {
  readonly lines: LogLine[] = [];

  /** The stream to hand to the app. */
  readonly stream = {
    write: (line: string) => {
      for (const one of line.split('\n')) if (one.trim()) this.lines.push(JSON.parse(one) as LogLine);
    },
  };

  /** Lines at or above `level` (error by default) logged since `from` (an index into `lines`). */
  atLeast(level: number = LOG_LEVEL.error, from = 0): LogLine[] {
    return this.lines.slice(from).filter((l) => l.level >= level);
  }

  /** Waits until a line logged since `from` satisfies `test` (at most `timeoutMs`), and returns it. */
  async waitFor(test: (line: LogLine) => boolean, from = 0, timeoutMs = 10_000): Promise<LogLine> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.slice(from).find(test);
      if (found) return found;
      if (Date.now() > until)
        throw new Error(
          `no such log line within ${timeoutMs} ms; logged: ${JSON.stringify(this.lines.slice(from)).slice(0, 2000)}`,
        );
      await new Promise((done) => setTimeout(done, 10));
    }
  }
}
