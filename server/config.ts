/**
 * Configuration, read and validated once at start-up into a typed object. A bad value fails fast
 * with a message naming the variable and why.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PiiKey } from './personal-data/field-cipher.js';
import { parsePiiKeys } from './personal-data/pii-keys.js';
import { DEFAULT_DUE_DATE_HORIZON_DAYS, MAX_DUE_DATE_HORIZON_DAYS } from '../core/deadlines/due-dates.js';

export interface Config {
  host: string;
  port: number;
  /** A PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | null;
  /** Embedded database, attachments and logs live here. */
  dataDir: string;
  sessionTtlHours: number;
  /** A session unused this long ends (SESSION_IDLE_MINUTES); 0: no idle timeout. */
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  /** Sign-in lockout: this many wrong passwords in a row lock the username for `minutes`; failures 0: off. */
  loginLockout: { failures: number; minutes: number };
  /** Requests per client address / username / tracking token per window (server/http/security-rate-limit.ts); 0: unlimited. */
  rateLimits: RateLimitConfig;
  /** Request body limit of the public and sign-in routes' JSON (the staff routes take 1 MB). */
  publicBodyLimitBytes: number;
  /** How long a client may take to send a whole request (a stalled upload holds a connection no longer); 0: no limit. */
  requestTimeoutSeconds: number;
  /** Check every answer against its route's response schema before sending it (tests; server/http/contract.ts). */
  checkAnswers: boolean;
  /** Origins other than the platform's own allowed to call the API from a browser (CORS) and to send changes with the session cookie. */
  corsOrigins: string[];
  /** Fastify's trustProxy: whether (true, a hop count, or the proxies' addresses) X-Forwarded-For names the client. */
  trustProxy: boolean | number | string[];
  notifier: 'log' | 'webhook';
  webhookUrl: string | null;
  maxUploadBytes: number;
  /** 随手拍: the byte limit of a public (anonymous) upload, at most maxUploadBytes. */
  publicMaxUploadBytes: number;
  /** Images over this many pixels (width × height) or this long a side are refused (decompression bombs). */
  maxImagePixels: number;
  maxImageSide: number;
  /** Uploads never linked to an event are deleted after this long: public ones, staff ones. */
  publicOrphanHours: number;
  staffOrphanHours: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** How often the outbox dispatcher looks for pending notifications. */
  outboxPollMs: number;
  /**
   * How long a claimed notification stays hidden from other dispatchers: a process that dies
   * mid-send leaves it to be sent again after this (at least once, never lost).
   */
  outboxLeaseMs: number;
  /** How often the clock sweep (lights, overdue notices, automatic escalation) runs. */
  sweepIntervalMs: number;
  /**
   * How many days ahead a due date set by hand may lie (督办, 延期, a resolution plan's dates):
   * DUE_DATE_HORIZON_DAYS, core/deadlines/due-dates.ts. Time-limit rules must end within it too.
   */
  dueDateHorizonDays: number;
  /** The built web app served at / (`npm run build:web` writes it). */
  webDistDir: string;
  /** The map's optional raster basemap (MAP_TILES …), served to the web app by GET /api/config/map. */
  mapTiles: MapTilesConfig | null;
  /**
   * Personal-data keys (PII_KEYS: `id:base64key,…`, the first encrypts new values, all decrypt);
   * null: the data folder's `pii-keys` file, made on first start (server/personal-data/pii-keys.ts).
   */
  piiKeys: PiiKey[] | null;
}

/** Rate limits, each a count per `windowSeconds`; 0 turns one off. */
export interface RateLimitConfig {
  windowSeconds: number;
  /** POST /api/auth/login per client address. */
  loginPerAddress: number;
  /** POST /api/auth/login per username (as typed, lower-cased), whatever the address. */
  loginPerUsername: number;
  /** Public (/api/public/…) POST/PUT/PATCH/DELETE per client address: intake, photo upload, rating. */
  publicWritesPerAddress: number;
  /** Public GET per client address: tracking, categories, places. */
  publicReadsPerAddress: number;
  /** Public routes with a tracking token, per token, whatever the address. */
  perToken: number;
}

/** A raster tile service for the map's basemap (e.g. 天地图, or a GCJ-02 one such as AMap). */
export interface MapTilesConfig {
  /** XYZ URL template: `{z}`, `{x}`, `{y}` (or `{quadkey}`), `{s}` for a subdomain. */
  tiles: string;
  /** What `{s}` takes, in turn. */
  subdomains: string[];
  /** The tiles' coordinates: WGS-84/CGCS2000 (天地图, OSM) or GCJ-02 (AMap, Tencent). */
  crs: 'wgs84' | 'gcj02';
  attribution: string | null;
  /** The deepest zoom the service has tiles for (the map over-zooms beyond). */
  maxZoom: number;
  tileSize: 256 | 512;
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

/** What MapLibre fills in a tile URL (plus `{s}`, which the web app expands over the subdomains). */
const TILE_PLACEHOLDERS = ['{s}', '{z}', '{x}', '{y}', '{quadkey}', '{bbox-epsg-3857}', '{ratio}', '{prefix}'];
const MAP_TILES_OPTIONS = [
  'MAP_TILES_SUBDOMAINS',
  'MAP_TILES_CRS',
  'MAP_TILES_ATTRIBUTION',
  'MAP_TILES_MAX_ZOOM',
  'MAP_TILES_SIZE',
] as const;

/**
 * MAP_TILES and its options. The template is checked here, at start-up, so a typo shows in the
 * server's first lines rather than as a grey map in every browser.
 */
function mapTiles(env: NodeJS.ProcessEnv): MapTilesConfig | null {
  const template = env.MAP_TILES?.trim() ?? '';
  if (!template) {
    const stray = MAP_TILES_OPTIONS.find((name) => env[name]);
    if (stray) throw new ConfigError(stray, 'is set but MAP_TILES (the tile URL template) is not');
    return null;
  }
  const subdomains = (env.MAP_TILES_SUBDOMAINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[0]).filter((p) => !TILE_PLACEHOLDERS.includes(p));
  if (unknown.length) {
    throw new ConfigError(
      'MAP_TILES',
      `has placeholders the map cannot fill: ${unknown.join(' ')} (known: ${TILE_PLACEHOLDERS.join(' ')}; put a key such as tk= in the URL as it is)`,
    );
  }
  const xyz = ['{z}', '{x}', '{y}'].every((p) => template.includes(p));
  if (!xyz && !template.includes('{quadkey}')) {
    throw new ConfigError(
      'MAP_TILES',
      `must be a tile URL template with {z}, {x} and {y} (or {quadkey}), got "${template}"`,
    );
  }
  if (template.includes('{s}') && subdomains.length === 0) {
    throw new ConfigError(
      'MAP_TILES_SUBDOMAINS',
      'is required when MAP_TILES contains {s} (e.g. a,b,c or 0,1,2,3,4,5,6,7)',
    );
  }
  let parsed: URL;
  try {
    // placeholders are not valid in a host name: try the URL with the first subdomain and zeros in
    parsed = new URL(template.replaceAll('{s}', subdomains[0] ?? '').replace(/\{[a-z-]+\}/gi, '0'));
  } catch {
    throw new ConfigError('MAP_TILES', `is not a valid URL template, got "${template}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ConfigError('MAP_TILES', 'must start with http: or https:');
  if (subdomains.some((s) => !/^[A-Za-z0-9-]+$/.test(s)))
    throw new ConfigError(
      'MAP_TILES_SUBDOMAINS',
      `must be comma-separated host labels, got "${env.MAP_TILES_SUBDOMAINS}"`,
    );
  return {
    tiles: template,
    subdomains,
    crs: oneOf(env, 'MAP_TILES_CRS', ['wgs84', 'gcj02'] as const, 'wgs84'),
    attribution: env.MAP_TILES_ATTRIBUTION?.trim() || null,
    maxZoom: integer(env, 'MAP_TILES_MAX_ZOOM', 18, 1, 24),
    tileSize: oneOf(env, 'MAP_TILES_SIZE', ['256', '512'] as const, '256') === '512' ? 512 : 256,
  };
}

/** CORS_ORIGINS: comma-separated origins (`https://host[:port]`), each checked here. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim() ?? '';
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((value) => {
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(
          name,
          `must be comma-separated origins such as https://yiwang.example.cn, got "${value}"`,
        );
      }
      if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== value.replace(/\/$/, '')) {
        throw new ConfigError(name, `must be comma-separated origins (scheme://host[:port], no path), got "${value}"`);
      }
      return parsed.origin;
    });
}

/** TRUST_PROXY: false (default), true, a hop count, or comma-separated proxy addresses/CIDRs. */
function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.some((a) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true, false, a hop count or comma-separated proxy addresses, got "${raw}"`,
    );
  }
  return list;
}

function piiKeys(env: NodeJS.ProcessEnv): PiiKey[] | null {
  const raw = env.PII_KEYS;
  if (raw === undefined || raw.trim() === '') return null;
  try {
    return parsePiiKeys(raw, 'PII_KEYS');
  } catch (e) {
    throw new ConfigError('PII_KEYS', (e as Error).message.replace(/^PII_KEYS: /, ''));
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const notifier = oneOf(env, 'NOTIFIER', ['log', 'webhook'] as const, 'log');
  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['http:', 'https:']);
  if (notifier === 'webhook' && !webhookUrl) {
    throw new ConfigError('NOTIFY_WEBHOOK_URL', 'is required when NOTIFIER=webhook');
  }
  const maxUploadBytes = integer(env, 'MAX_UPLOAD_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024);
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 480, 0, 60 * 24 * 90),
    cookieSecure: oneOf(env, 'COOKIE_SECURE', ['true', 'false'] as const, 'false') === 'true',
    loginLockout: {
      failures: integer(env, 'LOGIN_LOCKOUT_FAILURES', 5, 0, 100),
      minutes: integer(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    },
    rateLimits: {
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      loginPerAddress: integer(env, 'RATE_LIMIT_LOGIN_PER_ADDRESS', 30, 0, 1_000_000),
      loginPerUsername: integer(env, 'RATE_LIMIT_LOGIN_PER_USERNAME', 10, 0, 1_000_000),
      publicWritesPerAddress: integer(env, 'RATE_LIMIT_PUBLIC_WRITES', 30, 0, 1_000_000),
      publicReadsPerAddress: integer(env, 'RATE_LIMIT_PUBLIC_READS', 300, 0, 1_000_000),
      perToken: integer(env, 'RATE_LIMIT_PER_TOKEN', 60, 0, 1_000_000),
    },
    publicBodyLimitBytes: integer(env, 'PUBLIC_BODY_LIMIT_BYTES', 64 * 1024, 1024, 1024 * 1024),
    // a 10 MB photo over a weak village 2G link (~30 kB/s) takes about five minutes
    requestTimeoutSeconds: integer(env, 'REQUEST_TIMEOUT_SECONDS', 600, 0, 86_400),
    checkAnswers: oneOf(env, 'CHECK_ANSWERS', ['true', 'false'] as const, 'false') === 'true',
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    trustProxy: trustProxy(env),
    notifier,
    webhookUrl,
    maxUploadBytes,
    publicMaxUploadBytes: integer(
      env,
      'PUBLIC_MAX_UPLOAD_BYTES',
      Math.min(5 * 1024 * 1024, maxUploadBytes),
      1024,
      maxUploadBytes,
    ),
    maxImagePixels: integer(env, 'MAX_IMAGE_PIXELS', 40_000_000, 1, 1_000_000_000),
    maxImageSide: integer(env, 'MAX_IMAGE_SIDE', 16_384, 1, 65_535),
    publicOrphanHours: integer(env, 'PUBLIC_ORPHAN_HOURS', 24, 1, 24 * 30),
    staffOrphanHours: integer(env, 'STAFF_ORPHAN_HOURS', 24 * 7, 1, 24 * 365),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, 'info'),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 60_000),
    outboxLeaseMs: integer(env, 'OUTBOX_LEASE_MS', 60_000, 1000, 3_600_000),
    sweepIntervalMs: integer(env, 'SWEEP_INTERVAL_MS', 60_000, 1000, 3_600_000),
    dueDateHorizonDays: integer(
      env,
      'DUE_DATE_HORIZON_DAYS',
      DEFAULT_DUE_DATE_HORIZON_DAYS,
      1,
      MAX_DUE_DATE_HORIZON_DAYS,
    ),
    webDistDir: env.WEB_DIST_DIR ? path.resolve(env.WEB_DIST_DIR) : DEFAULT_WEB_DIST_DIR,
    mapTiles: mapTiles(env),
    piiKeys: piiKeys(env),
  };
}
