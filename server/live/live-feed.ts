/**
 * The live feed: one LISTEN on `yiwang_events` per process, started with the first subscriber,
 * fanned out to every open /api/live connection that may see the change. Notifications are
 * handled one at a time, in order; an event that only some connections may see through an
 * assignment is looked up once for all of them.
 */
import type { CurrentUser, EventScope } from '../../core/access/current-user.js';
import { eventScopeOf } from '../../core/access/current-user.js';
import type { NotificationSource } from '../db/database.js';
import {
  LIVE_CHANNEL,
  messageFor,
  parseNotification,
  type LiveMessage,
  type LiveNotification,
} from './live-message.js';
import { audienceOf, isAssignedTo, type EventAssignee } from './live-audience.js';
import type { LiveRepository } from './live.repository.js';

interface Subscriber {
  user: CurrentUser;
  scope: EventScope;
  send(message: LiveMessage): void;
}

export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private starting: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private schema: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly source: NotificationSource | undefined,
    private readonly repo: LiveRepository,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get available(): boolean {
    return this.source !== undefined;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Starts listening (once); rejects when the database cannot be listened to. */
  ready(): Promise<void> {
    if (!this.source) return Promise.reject(new Error('no notification source'));
    if (this.closed) return Promise.reject(new Error('the live feed is closed'));
    const source = this.source;
    this.starting ??= (async () => {
      this.schema = await this.repo.currentSchema();
      this.stopListening = await source(LIVE_CHANNEL, (payload) => this.receive(payload), {
        onReconnect: () => this.broadcast({ kind: 'resync' }),
      });
    })().catch((error) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  /** Adds a connection (call after ready()); returns the function that removes it. */
  subscribe(user: CurrentUser, send: (message: LiveMessage) => void): () => void {
    const subscriber: Subscriber = { user, scope: eventScopeOf(user), send };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    await this.starting?.catch(() => {});
    await this.stopListening?.();
    this.stopListening = null;
  }

  private receive(payload: string): void {
    const notification = parseNotification(payload);
    if (!notification || notification.schema !== this.schema) return;
    this.queue = this.queue.then(() => this.deliver(notification)).catch(this.onError);
  }

  private async deliver(n: LiveNotification): Promise<void> {
    if (!this.subscribers.size) return;
    const message = messageFor(n);
    let assignees: Promise<EventAssignee[]> | null = null;
    for (const s of [...this.subscribers]) {
      const audience = audienceOf(s.user, s.scope, n);
      if (audience === 'no') continue;
      if (audience === 'if_assigned') {
        if (n.kind === 'bulk') continue;
        assignees ??= this.repo.assigneesOf(n.id);
        if (!isAssignedTo(s.user, s.scope, await assignees)) continue;
      }
      if (this.subscribers.has(s)) this.safeSend(s, message);
    }
  }

  private broadcast(message: LiveMessage): void {
    for (const s of this.subscribers) this.safeSend(s, message);
  }

  private safeSend(s: Subscriber, message: LiveMessage): void {
    try {
      s.send(message);
    } catch (error) {
      this.onError(error);
    }
  }
}
