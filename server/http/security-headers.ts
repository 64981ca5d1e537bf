/**
 * Security headers on every response — the API's JSON, errors, the web app's page and assets.
 * Hand-rolled (a dozen lines) rather than @fastify/helmet, so the Content-Security-Policy can be
 * built from the configuration: the basemap's tile host (MAP_TILES) is the only outside origin
 * the web app loads anything from.
 */
import type { FastifyInstance } from 'fastify';
import type { Config, MapTilesConfig } from '../config.js';

/** The origins MAP_TILES fetches from: the template with each subdomain filled in. */
export function tileOrigins(mapTiles: MapTilesConfig | null): string[] {
  if (!mapTiles) return [];
  const templates = mapTiles.tiles.includes('{s}')
    ? mapTiles.subdomains.map((s) => mapTiles.tiles.replaceAll('{s}', s))
    : [mapTiles.tiles];
  const origins = new Set<string>();
  for (const template of templates) {
    try {
      origins.add(new URL(template.replace(/\{[a-z-]+\}/gi, '0')).origin);
    } catch {
      // config.ts has checked the template; nothing to add for one it let through unparsed
    }
  }
  return [...origins];
}

/**
 * The policy for this web app: scripts only from this origin (Vite emits no inline script);
 * inline styles because Ant Design writes its CSS-in-JS into <style> elements; images also from
 * data:/blob: (ECharts' exports, photo previews) and the tile host; MapLibre's workers from blob:;
 * fetches to this origin and the tile host; never framed.
 */
export function contentSecurityPolicy(config: Pick<Config, 'mapTiles'>): string {
  const tiles = tileOrigins(config.mapTiles);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...tiles],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...tiles],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(config: Pick<Config, 'mapTiles' | 'cookieSecure'>): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(config),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // the phone's report form takes the GPS fix and photos; nothing records sound
    'permissions-policy': 'geolocation=(self), camera=(self), microphone=()',
    'cross-origin-opener-policy': 'same-origin',
    // only behind HTTPS: a browser that saw it over HTTP would ignore it, and over HTTPS it pins HTTPS
    ...(config.cookieSecure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Adds the headers to every response a route, the error handler or the not-found handler sends. */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'mapTiles' | 'cookieSecure'>): void {
  const headers = Object.entries(securityHeaders(config));
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of headers) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
}
