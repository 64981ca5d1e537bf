/**
 * How a notification leaves the platform. Drivers: `log` (a JSON line per message in
 * data/notifications.log — the default, and what a county without an SMS contract starts with)
 * and `webhook` (POST JSON to a URL, e.g. an SMS gateway or a WeCom/DingTalk bridge). An SMS
 * provider is one more driver.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface Notification {
  id: number;
  topic: string;
  recipientId: number | null;
  payload: unknown;
}

export interface Notifier {
  readonly name: string;
  send(notification: Notification): Promise<void>;
}

export class LogNotifier implements Notifier {
  readonly name = 'log';
  constructor(private readonly file: string | null) {}

  async send(notification: Notification): Promise<void> {
    if (!this.file) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, JSON.stringify({ at: new Date().toISOString(), ...notification }) + '\n');
  }
}

export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(notification: Notification): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `yiwang-outbox-${notification.id}` },
      body: JSON.stringify(notification),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}

/** Collects notifications in memory (tests). */
export class MemoryNotifier implements Notifier {
  readonly name = 'memory';
  readonly sent: Notification[] = [];
  async send(notification: Notification): Promise<void> {
    this.sent.push(notification);
  }
}
