/**
 * Delivers outbox messages through the configured notifier, retrying failures with exponential
 * back-off (up to `maxAttempts`, then the message is marked failed for an operator to see).
 */
import type { Notifier } from './notifier.js';
import type { OutboxRepository } from './outbox.repository.js';

export interface DispatcherOptions {
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  pollMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly notifier: Notifier,
    private readonly options: DispatcherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.pollMs = options.pollMs ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  /** One pass: claims due messages and sends them. Returns how many were sent. */
  async deliverDue(): Promise<number> {
    const batch = await this.outbox.claim(this.batchSize, this.now(), this.leaseMs);
    let sent = 0;
    for (const message of batch) {
      try {
        await this.notifier.send({
          id: message.id,
          topic: message.topic,
          recipientId: message.recipient_id,
          payload: message.payload,
        });
        await this.outbox.markSent(message.id, this.now());
        sent++;
      } catch (error) {
        const retry = message.attempts < this.maxAttempts;
        const backoffMs = Math.min(3600_000, 2 ** message.attempts * 1000);
        await this.outbox.markFailed(
          message.id,
          String((error as Error)?.message ?? error),
          retry ? new Date(this.now().getTime() + backoffMs) : null,
        );
      }
    }
    return sent;
  }

  /** Delivers until nothing is due (tests and shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.deliverDue();
      total += sent;
      if (sent === 0) return total;
    }
  }

  start(): void {
    this.stopped = false;
    // each tick's promise is held in `running` (stop() waits for it) and never rejects
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.deliverDue()
        .catch((error) => {
          this.options.onError?.(error);
          return 0;
        })
        .then((sent) => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, sent >= this.batchSize ? 0 : this.pollMs);
          return sent;
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await this.running;
  }
}
