/**
 * Configuration, read and validated once at start-up into a typed object. A bad value fails fast
 * with a message naming the variable and why.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  host: string;
  port: number;
  /** A PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | null;
  /** Embedded database, attachments and logs live here. */
  dataDir: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  notifier: 'log' | 'webhook';
  webhookUrl: string | null;
  maxUploadBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** How often the outbox dispatcher looks for pending notifications. */
  outboxPollMs: number;
  /** How often the clock sweep (lights, overdue notices, automatic escalation) runs. */
  sweepIntervalMs: number;
  /** The built web app served at / (`npm run build:web` writes it). */
  webDistDir: string;
}

/** Where `vite build` puts the web app: web/dist in this checkout. */
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));

export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const notifier = oneOf(env, 'NOTIFIER', ['log', 'webhook'] as const, 'log');
  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['http:', 'https:']);
  if (notifier === 'webhook' && !webhookUrl) {
    throw new ConfigError('NOTIFY_WEBHOOK_URL', 'is required when NOTIFIER=webhook');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    cookieSecure: oneOf(env, 'COOKIE_SECURE', ['true', 'false'] as const, 'false') === 'true',
    notifier,
    webhookUrl,
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, 'info'),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 60_000),
    sweepIntervalMs: integer(env, 'SWEEP_INTERVAL_MS', 60_000, 1000, 3_600_000),
    webDistDir: env.WEB_DIST_DIR ? path.resolve(env.WEB_DIST_DIR) : DEFAULT_WEB_DIST_DIR,
  };
}
