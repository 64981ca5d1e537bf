/**
 * Bodies that end early or lie about themselves (issue 13, class 2): a 随手拍 photo cut off on a weak
 * phone connection, and its siblings — a form cut in a part's headers or before its closing
 * boundary, a Content-Length larger than what follows (the client then closes, or half-closes), a
 * Content-Length smaller than what follows, a chunked body whose form is cut, a file over the
 * limit — on every route that takes an upload, and the same for JSON and raw bodies. Sent over a
 * real socket, as app.inject cannot. Each must answer a 4xx with a documented code (or, when the
 * client has gone, nothing), add no row and no stored file, and log nothing at error level.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P } from '../testing/test-county.js';
import { LOG_LEVEL, LogCapture, type LogLine } from '../testing/log-capture.js';
import { requestHead, sendRaw, type RawAnswer, type RawEnding } from '../testing/raw-http.js';
import { changedTables, fingerprintedTables, tableFingerprint } from '../testing/table-fingerprint.js';
import { multipartForm, uploadRoutes, type UploadRoute } from '../testing/upload-routes.js';
import { servedRoutes } from '../permissions/served-routes.js';
import { ERROR_CODES } from '../../core/errors.js';

const MAX_UPLOAD = 256 * 1024;
const PUBLIC_MAX_UPLOAD = 128 * 1024;
const CLOSED = 'the client closed the connection before the request body was complete';
/** The server is done with a request whose client went away: it said so, answered, or failed. */
const serverIsDone = (l: LogLine) => l.msg === CLOSED || l.msg === 'request completed' || l.level >= LOG_LEVEL.error;

const logs = new LogCapture();
let ctx: TestContext;
let port = 0;
let tables: string[] = [];
const auth: Record<string, string> = {};
let category = '';

beforeAll(async () => {
  ctx = await createTestContext({
    config: { logLevel: 'info', maxUploadBytes: MAX_UPLOAD, publicMaxUploadBytes: PUBLIC_MAX_UPLOAD },
    logStream: logs.stream,
  });
  await buildTestCounty(ctx.database.db);
  auth.county_op = (await ctx.login('county_op')).authorization;
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  port = (ctx.app.server.address() as AddressInfo).port;
  tables = await fingerprintedTables(ctx.database.db);
  category = (await ctx.app.inject({ method: 'GET', url: '/api/public/categories' }))
    .json()
    .items.find((c: { parentCode: string | null }) => c.parentCode).code;
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

const headersOf = (route: UploadRoute, contentType: string): Record<string, string> => ({
  'Content-Type': contentType,
  ...(route.caller ? { Authorization: auth[route.caller] } : {}),
});

interface Attempt {
  /** The bytes sent after the head. */
  body: Buffer;
  /** The Content-Length announced; none with `chunked`. */
  contentLength?: number;
  headers: Record<string, string>;
  ending: RawEnding;
  chunked?: boolean;
  splitAt?: number[];
}

/**
 * Sends one attempt and checks what must hold of every one: no 5xx, a documented code on any answer,
 * no table changed, no file stored, no error-level log line. When the client closes, waits for the
 * server to say it saw the connection go (its info line), so nothing is still running when the
 * database is compared.
 */
async function attempt(url: string, a: Attempt): Promise<RawAnswer> {
  const before = await tableFingerprint(ctx.database.db, tables);
  const files = ctx.storage.files.size;
  const from = logs.lines.length;
  const head = requestHead(
    'POST',
    url,
    { ...a.headers, ...(a.chunked ? { 'Transfer-Encoding': 'chunked' } : {}) },
    a.chunked ? undefined : (a.contentLength ?? a.body.length),
  );
  const body = a.chunked
    ? Buffer.concat([Buffer.from(`${a.body.length.toString(16)}\r\n`), a.body, Buffer.from('\r\n0\r\n\r\n')])
    : a.body;
  const answer = await sendRaw(port, head, body, a.ending, { splitAt: a.splitAt });
  if (a.ending !== 'wait') await logs.waitFor(serverIsDone, from);
  const what = `${url} ${a.ending} → ${answer.raw.slice(0, 300)}`;
  if (answer.status !== null) {
    expect(answer.status, what).toBeGreaterThanOrEqual(400);
    expect(answer.status, what).toBeLessThan(500);
    expect(Object.keys(ERROR_CODES), what).toContain(answer.code);
  }
  expect(logs.atLeast(LOG_LEVEL.error, from), what).toEqual([]);
  expect(changedTables(before, await tableFingerprint(ctx.database.db, tables)), what).toEqual([]);
  expect(ctx.storage.files.size, what).toBe(files);
  return answer;
}

describe('an upload cut short or lying about its length', () => {
  for (const route of uploadRoutes()) {
    describe(route.route, () => {
      const form = multipartForm(route.file, { filename: route.filename, type: route.type });
      const headers = () => headersOf(route, form.contentType);
      const midFile = form.fileStart + Math.floor((form.fileEnd - form.fileStart) / 2);

      it('answers 400 BODY_INCOMPLETE to a form cut mid-file, in its part headers or before its closing boundary', async () => {
        const cuts = {
          'mid-file': midFile,
          'in the part headers': form.fileStart - 12,
          'inside the closing delimiter': form.fileEnd + 6,
          // the file's last byte and its delimiter arrived; the final "--" did not
          'before the closing "--"': form.payload.length - 4,
        };
        for (const [where, at] of Object.entries(cuts)) {
          const answer = await attempt(route.url, {
            body: form.payload.subarray(0, at),
            headers: headers(),
            ending: 'wait',
            splitAt: [form.fileStart + 100],
          });
          expect([answer.status, answer.code], `${route.route} cut ${where}`).toEqual([400, 'BODY_INCOMPLETE']);
        }
      });

      it('answers 400 BODY_INCOMPLETE to a chunked body whose form is cut', async () => {
        const answer = await attempt(route.url, {
          body: form.payload.subarray(0, midFile),
          headers: headers(),
          ending: 'wait',
          chunked: true,
        });
        expect([answer.status, answer.code]).toEqual([400, 'BODY_INCOMPLETE']);
      });

      it('answers 400 BODY_INCOMPLETE to a Content-Length smaller than the body', async () => {
        const answer = await attempt(route.url, {
          body: form.payload,
          contentLength: midFile,
          headers: headers(),
          ending: 'wait',
        });
        expect([answer.status, answer.code]).toEqual([400, 'BODY_INCOMPLETE']);
      });

      it('answers 400 BODY_INCOMPLETE when the client half-closes short of its Content-Length', async () => {
        const answer = await attempt(route.url, {
          body: form.payload.subarray(0, midFile),
          contentLength: form.payload.length,
          headers: headers(),
          ending: 'half-close',
        });
        expect([answer.status, answer.code]).toEqual([400, 'BODY_INCOMPLETE']);
      });

      it('keeps nothing and logs no error when the connection closes mid-file, or right after the headers', async () => {
        await attempt(route.url, {
          body: form.payload.subarray(0, midFile),
          contentLength: form.payload.length,
          headers: headers(),
          ending: 'close',
          splitAt: [form.fileStart + 10],
        });
        await attempt(route.url, {
          body: Buffer.alloc(0),
          contentLength: form.payload.length,
          headers: headers(),
          ending: 'close',
        });
      });

      it(`answers 413 ${route.tooLarge} to a file over the limit, whole or cut`, async () => {
        const limit = route.url === '/api/public/attachments' ? PUBLIC_MAX_UPLOAD : MAX_UPLOAD;
        const big = multipartForm(Buffer.concat([route.file, Buffer.alloc(limit, 0x20)]), {
          filename: route.filename,
          type: route.type,
        });
        const whole = await attempt(route.url, {
          body: big.payload,
          headers: headersOf(route, big.contentType),
          ending: 'wait',
        });
        expect([whole.status, whole.code]).toEqual([413, route.tooLarge]);
        // cut after the limit was passed: too large, or incomplete — either way coded and nothing kept
        const cut = await attempt(route.url, {
          body: big.payload.subarray(0, big.fileStart + limit + 100),
          headers: headersOf(route, big.contentType),
          ending: 'wait',
        });
        expect([
          [413, route.tooLarge],
          [400, 'BODY_INCOMPLETE'],
        ]).toContainEqual([cut.status, cut.code]);
      });
    });
  }

  it('tells a body that is no form from a cut one, and refuses a file in another field or a second file', async () => {
    for (const route of uploadRoutes()) {
      const form = multipartForm(route.file, { filename: route.filename, type: route.type });
      // JSON sent with a multipart Content-Type: sending it again will not help, so it is not BODY_INCOMPLETE
      const notForm = await attempt(route.url, {
        body: Buffer.from('{"file":"a.png"}'),
        headers: headersOf(route, form.contentType),
        ending: 'wait',
      });
      expect([notForm.status, notForm.code], route.route).toEqual([400, 'VALIDATION_FAILED']);
      const elsewhere = multipartForm(route.file, { filename: route.filename, type: route.type, field: 'photo' });
      const other = await attempt(route.url, {
        body: elsewhere.payload,
        headers: headersOf(route, elsewhere.contentType),
        ending: 'wait',
      });
      expect([other.status, other.code], route.route).toEqual([400, 'VALIDATION_FAILED']);
      // two files: the first form's closing delimiter becomes the second part's opening one
      const second = multipartForm(route.file, { filename: route.filename, type: route.type });
      const twice = Buffer.concat([form.payload.subarray(0, form.fileEnd + 2), second.payload]);
      const two = await attempt(route.url, {
        body: twice,
        headers: headersOf(route, form.contentType),
        ending: 'wait',
      });
      expect([two.status, two.code], route.route).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('answers over-long headers 431, in our shape with a code', async () => {
    const answer = await sendRaw(
      port,
      requestHead('POST', '/api/public/attachments', { 'X-Padding': 'x'.repeat(20_000) }, 0),
      Buffer.alloc(0),
      'wait',
    );
    expect(answer.status).toBe(431);
    expect(answer.code).toBe('HEADERS_TOO_LARGE');
  });

  it('covers every upload route the app serves, and every multipart read goes through server/http/upload-body.ts', () => {
    const served = servedRoutes(ctx.app);
    for (const route of uploadRoutes()) expect(served, route.route).toContain(route.route);
    // a route that read the form itself (request.file(), .parts() …) would miss the cut and size checks
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const readsForm = /\brequest\.(file|files|parts|saveRequestFiles)\(/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (
          /\.ts$/.test(entry.name) &&
          !/\.test\.ts$/.test(entry.name) &&
          readsForm.test(fs.readFileSync(full, 'utf8'))
        )
          offenders.push(path.relative(root, full));
      }
    };
    walk(root);
    expect(offenders).toEqual(['http/upload-body.ts']);
  });
});

/** A 随手拍 report's JSON body. */
const report = () =>
  Buffer.from(
    JSON.stringify({
      categoryCode: category,
      description: '河边倾倒建筑垃圾',
      address: '东村口',
      location: P.inGridA1a,
    }),
  );
const json = { 'Content-Type': 'application/json' };

describe('JSON and raw bodies cut short or lying about their length', () => {
  it('a public report: Content-Length larger and the client closes, or half-closes; smaller; a gzip body cut', async () => {
    const body = report();
    await attempt('/api/public/events', {
      body: body.subarray(0, 20),
      contentLength: body.length,
      headers: json,
      ending: 'close',
    });
    const halfClosed = await attempt('/api/public/events', {
      body: body.subarray(0, 20),
      contentLength: body.length,
      headers: json,
      ending: 'half-close',
    });
    expect([halfClosed.status, halfClosed.code]).toEqual([400, 'BODY_INCOMPLETE']);
    const shorter = await attempt('/api/public/events', { body, contentLength: 20, headers: json, ending: 'wait' });
    expect([shorter.status, shorter.code]).toEqual([400, 'BAD_JSON']);
    const gzip = zlib.gzipSync(body);
    const cutGzip = await attempt('/api/public/events', {
      body: gzip.subarray(0, gzip.length - 10),
      headers: { ...json, 'Content-Encoding': 'gzip' },
      ending: 'wait',
    });
    expect(cutGzip.status).toBe(400);
  });

  it('a raw CSV import: Content-Length larger and the client closes or half-closes; smaller', async () => {
    const people = uploadRoutes().find((r) => r.route === 'POST /api/import/people')!;
    const headers = { 'Content-Type': 'text/csv', Authorization: auth.county_op };
    const half = Math.floor(people.file.length / 2);
    await attempt(people.url, {
      body: people.file.subarray(0, half),
      contentLength: people.file.length,
      headers,
      ending: 'close',
    });
    const halfClosed = await attempt(people.url, {
      body: people.file.subarray(0, half),
      contentLength: people.file.length,
      headers,
      ending: 'half-close',
    });
    expect([halfClosed.status, halfClosed.code]).toEqual([400, 'BODY_INCOMPLETE']);
    // a raw body carries no end marker of its own: cut mid-row, the last row is refused, and with it the file
    const shorter = await attempt(people.url, { body: people.file, contentLength: half, headers, ending: 'wait' });
    expect(shorter.status).toBeGreaterThanOrEqual(400);
  });
});

describe('the same bodies, whole', () => {
  it('are taken: the refusals above were for the cut, not the content', async () => {
    for (const route of uploadRoutes()) {
      const form = multipartForm(route.file, { filename: route.filename, type: route.type });
      const answer = await sendRaw(
        port,
        requestHead('POST', `${route.url}${route.dryRun}`, headersOf(route, form.contentType), form.payload.length),
        form.payload,
        'wait',
        { splitAt: [form.fileStart + 100] },
      );
      expect(answer.status, `${route.route} ${answer.body.slice(0, 300)}`).toBe(route.okStatus);
    }
    const body = report();
    const reported = await sendRaw(port, requestHead('POST', '/api/public/events', json, body.length), body, 'wait');
    expect(reported.status, reported.body).toBe(201);
    expect(logs.atLeast(LOG_LEVEL.error)).toEqual([]);
  });
});
