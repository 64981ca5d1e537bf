/**
 * The web app, served from the built folder (config.webDistDir, normally web/dist) at / — the
 * same origin as /api, so the session cookie and server-sent events just work.
 *
 * - Files under /assets/ carry a content hash in their names: cached for a year, immutable.
 * - Any other GET outside /api that is not a file gets index.html (never cached), so the
 *   browser's router owns every page path (/dashboard, /events/123 …). A path that looks like a
 *   file (has an extension) but is missing answers 404, so a stale chunk fails visibly instead
 *   of receiving HTML.
 * - Static files need no session (`public: true`); the API stays authenticated.
 * - Nothing built yet: a small page says how to build it (503), the API works regardless.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { FileAnswer } from '../http/schema-primitives.js';

const ASSET_MAX_AGE = '365d';

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>一网 · 网页尚未构建</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>网页尚未构建</h1>
<p>一网的接口已在运行（<a href="/api/health">/api/health</a>），但网页界面还没有构建。请运行
<code>npm run build:web</code>，或直接 <code>npm start</code>（启动时会自动构建）。</p>
<p lang="en">The API is running, but the web app has not been built yet: run <code>npm run build:web</code>
(or <code>npm start</code>, which builds it when needed).</p>
</body></html>
`;

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What GET /* answers: files, never JSON but for a missing one (404, our error shape). */
const WEB_ANSWERS = {
  200: FileAnswer(
    ['text/html', '*/*'],
    'index.html for any page path (the browser router’s); a built file (script, style, image, font) by its type',
  ),
  503: FileAnswer(['text/html'], 'the web app is not built yet: a page saying how to build it'),
  ...errors('NOT_FOUND'),
};

export async function webRoutes(app: App, deps: AppDeps): Promise<void> {
  const root = deps.config.webDistDir;
  // only reply.sendFile; the route below decides what is served
  await app.register(fastifyStatic, { serve: false });

  const sendIndex = (reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  };

  app.get(
    '/*',
    { config: { public: true }, logLevel: 'warn', schema: { response: WEB_ANSWERS } },
    async (request, reply) => {
      const pathname = request.url.split('?')[0];
      if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
      if (!isFile(path.join(root, 'index.html'))) {
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(NOT_BUILT_PAGE);
      }
      let relative: string;
      try {
        relative = decodeURIComponent(pathname);
      } catch {
        return reply.callNotFound();
      }
      const file = path.join(root, relative);
      const insideRoot = file.startsWith(root + path.sep);
      if (insideRoot && !relative.includes('\0') && isFile(file)) {
        if (relative === '/index.html') return sendIndex(reply);
        const hashed = relative.startsWith('/assets/');
        return reply.sendFile(relative, root, hashed ? { maxAge: ASSET_MAX_AGE, immutable: true } : { maxAge: '1h' });
      }
      if (path.posix.extname(relative)) return reply.callNotFound();
      return sendIndex(reply);
    },
  );
}
