/**
 * Cut uploads: every route that takes a multipart form (server/testing/upload-routes.ts) gets its
 * valid form cut at a random byte, sent in random packets over a real socket — with a Content-Length
 * that matches the cut bytes, in a chunked body, with the whole form's Content-Length and then the
 * client half-closing or closing — or through app.inject. Every answer must be below 500 with a
 * documented code (BODY_INCOMPLETE for any cut after the first byte; an empty form is
 * VALIDATION_FAILED); no table may change, no file be stored, no line be logged at error level.
 *
 * FUZZ_SEED (default 20261124) fixes the run; FUZZ_RUNS (default 1) multiplies each route's runs.
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty } from '../testing/test-county.js';
import { LOG_LEVEL, LogCapture, type LogLine } from '../testing/log-capture.js';
import { requestHead, sendRaw } from '../testing/raw-http.js';
import { changedTables, fingerprintedTables, tableFingerprint } from '../testing/table-fingerprint.js';
import { multipartForm, uploadRoutes } from '../testing/upload-routes.js';
import { servedRoutes } from '../permissions/served-routes.js';
import { PERMISSION_MATRIX, routeOf } from '../permissions/permission-matrix.js';
import { ERROR_CODES } from '../../core/errors.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Math.max(0.1, Number(process.env.FUZZ_RUNS ?? 1));
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));

const CLOSED = 'the client closed the connection before the request body was complete';
/** The server is done with a request whose client went away: it said so, answered, or failed. */
const serverIsDone = (l: LogLine) => l.msg === CLOSED || l.msg === 'request completed' || l.level >= LOG_LEVEL.error;

/** How the cut form reaches the server. */
const DELIVERIES = ['exact-length', 'chunked', 'half-close', 'close', 'inject'] as const;
type Delivery = (typeof DELIVERIES)[number];

describe('multipart bodies cut at any byte', () => {
  const logs = new LogCapture();
  let ctx: TestContext;
  let port = 0;
  let tables: string[] = [];
  const auth: Record<string, string> = {};
  const tally = new Map<string, number>();

  beforeAll(async () => {
    ctx = await createTestContext({ config: { logLevel: 'info' }, logStream: logs.stream });
    await buildTestCounty(ctx.database.db);
    auth.county_op = (await ctx.login('county_op')).authorization;
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as AddressInfo).port;
    tables = await fingerprintedTables(ctx.database.db);
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('covers upload routes the app serves and the permission matrix lists', () => {
    const served = servedRoutes(ctx.app);
    const listed = new Set(PERMISSION_MATRIX.map((r) => routeOf(r.key)));
    for (const { route } of uploadRoutes()) {
      expect(served, route).toContain(route);
      expect(listed, route).toContain(route);
    }
  });

  for (const route of uploadRoutes()) {
    it(`${route.route}: a cut form is a coded 4xx, keeps nothing, logs no error (seed ${SEED})`, async () => {
      const forms = [
        multipartForm(route.file, { filename: route.filename, type: route.type }),
        // a text field before the file: a cut can land in a finished part, between parts, in the file's
        multipartForm(route.file, { filename: route.filename, type: route.type, before: { note: '随手拍' } }),
      ];
      const headers = (contentType: string): Record<string, string> => ({
        'Content-Type': contentType,
        ...(route.caller ? { Authorization: auth[route.caller] } : {}),
      });
      /** A point of the bytes, in millionths (fast-check's integers lean to their ends; this does not). */
      const fraction = fc.noBias(fc.integer({ min: 0, max: 1_000_000 }));
      const arbitrary = fc.record({
        form: fc.constantFrom(0, 1),
        // anywhere in the form, or a few bytes either side of the file's start, the file's end, the form's end
        cut: fc.oneof(
          { weight: 4, arbitrary: fraction.map((f) => ({ anchor: 'anywhere' as const, f })) },
          {
            weight: 1,
            arbitrary: fc.record({
              anchor: fc.constantFrom('fileStart' as const, 'fileEnd' as const, 'end' as const),
              delta: fc.integer({ min: -24, max: 8 }),
            }),
          },
        ),
        // packet boundaries within the bytes sent
        splits: fc.array(fraction, { maxLength: 3 }),
        delivery: fc.constantFrom(...DELIVERIES),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ form: which, cut, splits, delivery }) => {
          const form = forms[which];
          // up to the form's last three bytes: without only its final CRLF, a form is whole
          const last = form.payload.length - 3;
          const at =
            cut.anchor === 'anywhere'
              ? Math.floor((cut.f / 1_000_000) * last)
              : Math.min(
                  last,
                  Math.max(0, (cut.anchor === 'end' ? form.payload.length : form[cut.anchor]) + cut.delta),
                );
          const sent = form.payload.subarray(0, at);
          const what = `seed ${SEED}: ${route.route} form ${which} cut at ${at}/${form.payload.length} by ${delivery}`;
          const before = await tableFingerprint(ctx.database.db, tables);
          const files = ctx.storage.files.size;
          const from = logs.lines.length;
          const answer = await deliver(
            delivery,
            route.url,
            headers(form.contentType),
            sent,
            form.payload.length,
            splits.map((f) => Math.floor((f / 1_000_000) * sent.length)),
          );
          if (delivery === 'close' || delivery === 'half-close') await logs.waitFor(serverIsDone, from);
          tally.set(
            `${delivery} ${answer.status ?? '-'} ${answer.code ?? ''}`.trim(),
            (tally.get(`${delivery} ${answer.status ?? '-'} ${answer.code ?? ''}`.trim()) ?? 0) + 1,
          );
          if (delivery !== 'close') {
            expect(answer.status, `${what} → ${answer.body}`).not.toBeNull();
            expect(answer.status, `${what} → ${answer.body}`).toBeGreaterThanOrEqual(400);
            expect(answer.status, `${what} → ${answer.body}`).toBeLessThan(500);
            expect(Object.keys(ERROR_CODES), `${what} → ${answer.body}`).toContain(answer.code);
            // nothing sent is an empty form (no file); anything else cut short is incomplete
            expect(answer.code, `${what} → ${answer.body}`).toBe(
              at === 0 && delivery !== 'half-close' ? 'VALIDATION_FAILED' : 'BODY_INCOMPLETE',
            );
          }
          expect(logs.atLeast(LOG_LEVEL.error, from), what).toEqual([]);
          expect(changedTables(before, await tableFingerprint(ctx.database.db, tables)), what).toEqual([]);
          expect(ctx.storage.files.size, what).toBe(files);
        }),
        { seed: SEED, numRuns: runs(40), endOnFailure: true },
      );
    }, 120_000);
  }

  it('made requests of every kind of delivery', () => {
    console.log(
      `truncated bodies: ${[...tally]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')} (seed ${SEED}, FUZZ_RUNS ${RUNS})`,
    );
    for (const delivery of DELIVERIES)
      expect(
        [...tally.keys()].some((k) => k.startsWith(`${delivery} `)),
        delivery,
      ).toBe(true);
  });

  /** Sends the cut form as `delivery` says; the answer's status and code (none when the client closed). */
  async function deliver(
    delivery: Delivery,
    url: string,
    headers: Record<string, string>,
    sent: Buffer,
    wholeLength: number,
    splitAt: number[],
  ) {
    switch (delivery) {
      case 'inject': {
        const res = await ctx.app.inject({ method: 'POST', url, headers, payload: sent });
        return {
          status: res.statusCode,
          code: (res.json() as { error?: { code?: string } }).error?.code ?? null,
          body: res.body,
        };
      }
      case 'exact-length':
        return sendRaw(port, requestHead('POST', url, headers, sent.length), sent, 'wait', { splitAt });
      case 'chunked': {
        const chunked = sent.length
          ? Buffer.concat([Buffer.from(`${sent.length.toString(16)}\r\n`), sent, Buffer.from('\r\n0\r\n\r\n')])
          : Buffer.from('0\r\n\r\n');
        return sendRaw(
          port,
          requestHead('POST', url, { ...headers, 'Transfer-Encoding': 'chunked' }),
          chunked,
          'wait',
          { splitAt },
        );
      }
      case 'half-close':
      case 'close':
        return sendRaw(port, requestHead('POST', url, headers, wholeLength), sent, delivery, { splitAt });
    }
  }
});
