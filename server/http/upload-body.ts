/**
 * Reading what a client uploads — one file in a multipart form, or a file (or JSON) sent as the
 * raw body — the one way for every route that takes a file: attachments, 随手拍, the organisation
 * imports and the calendar import. A body that ends early or lies about itself (cut mid-part or
 * in a part's headers, no closing boundary, a Content-Length the bytes do not match, a connection
 * closed mid-way) is BODY_INCOMPLETE; a file over the limit is the route's too-large code. Both are
 * decided before anything is stored: on a weak phone connection a cut upload is an ordinary event,
 * not a fault of ours, so it is a 4xx and never an error-level log line.
 */
import { finished } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { DomainError, fail, type ErrorCode } from '../../core/errors.js';

export interface UploadedFile {
  bytes: Buffer;
  filename?: string;
}

export interface UploadLimits {
  /** The most bytes the file may have. */
  maxBytes: number;
  /** The code of a file over maxBytes: ATTACHMENT_TOO_LARGE for attachments, BODY_TOO_LARGE for imports. */
  tooLarge: Extract<ErrorCode, 'ATTACHMENT_TOO_LARGE' | 'BODY_TOO_LARGE'>;
}

/** The multipart field the file must be sent in (the web app's and the documented name). */
export const UPLOAD_FIELD = 'file';

const INCOMPLETE_MESSAGE =
  'the request body ended before it was complete (the connection was cut, or Content-Length does not match what was sent): nothing was saved — send it again';

/**
 * What busboy (under @fastify/multipart) says when the body stops before the closing boundary:
 * the whole form ("Unexpected end …") or the part being read ("Part terminated early …"); which
 * of the two arrives first depends on how the bytes were split into packets.
 */
const CUT_MULTIPART =
  /^(Unexpected end of multipart data|(Part|Preamble) terminated early due to unexpected end of multipart data)$/;
/** A form that cannot be parsed at all: no boundary in its Content-Type. */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Boundary required)$/;

const megabytes = (bytes: number) => Math.floor((bytes / 1024 / 1024) * 10) / 10;

/**
 * The coded failure for an error met while reading a request body — busboy's, @fastify/multipart's,
 * Fastify's body parser's or Node's own for a connection closed mid-body — or null when the error is
 * none of these (a genuine fault, left to be a 500). `limits` names the size limit of the file being
 * read, when the caller knows it.
 */
export function bodyFailureOf(error: unknown, limits?: UploadLimits): DomainError | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return limits
        ? new DomainError(limits.tooLarge, `files are limited to ${megabytes(limits.maxBytes)} MB`)
        : new DomainError('BODY_TOO_LARGE', 'the uploaded file is over the size limit');
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('BODY_TOO_LARGE', 'the form has too many parts: send one file in the field "file"');
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new DomainError('VALIDATION_FAILED', 'the multipart body is malformed');
    // @fastify/multipart: the request closed before its form was parsed; Fastify's body parser: the bytes
    // received are not the Content-Length announced
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('BODY_INCOMPLETE', INCOMPLETE_MESSAGE);
  }
  // Node's HTTP server, when the socket closes while the request body is still arriving
  if (code === 'ECONNRESET' && message === 'aborted') return new DomainError('BODY_INCOMPLETE', INCOMPLETE_MESSAGE);
  if (typeof message === 'string' && CUT_MULTIPART.test(message))
    return new DomainError('BODY_INCOMPLETE', INCOMPLETE_MESSAGE);
  if (typeof message === 'string' && MALFORMED_MULTIPART.test(message))
    return new DomainError('VALIDATION_FAILED', 'the multipart body is malformed: no boundary in its Content-Type');
  return null;
}

/**
 * Logs, at info, a body failure whose client has gone: no answer reaches it, and the log should say
 * why the request has none. Never at error level: anyone can close a connection, as often as they like.
 */
export function noteClosedConnection(request: FastifyRequest, failure: DomainError): void {
  if (request.raw.readableAborted)
    request.log.info({ code: failure.code }, 'the client closed the connection before the request body was complete');
}

function incomplete(request: FastifyRequest): DomainError {
  const failure = new DomainError('BODY_INCOMPLETE', INCOMPLETE_MESSAGE);
  noteClosedConnection(request, failure);
  return failure;
}

/**
 * Refuses, before Fastify's body parser starts, a request whose connection closed while the hooks
 * before parsing ran (signing in, rate limits): that parser waits for the body's end or error, both
 * already past, and the request would never settle. A synchronous hook, the last before the parser.
 */
export function refuseClosedBodies(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && (request.raw.readableAborted || request.raw.destroyed)) done(incomplete(request));
    else done(null, payload);
  });
}

/**
 * Keeps the first bytes of a multipart body as they stream past, to tell whether they open with
 * the form's first delimiter (`--boundary`) — a form, however short — or with anything else.
 */
function openingWatch(request: FastifyRequest): { isForm(): boolean; stop(): void } {
  const boundary = /boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(request.headers['content-type'] ?? '');
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  let seen = Buffer.alloc(0);
  const watch = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]).subarray(0, delimiter.length);
    if (seen.length >= delimiter.length) request.raw.off('data', watch);
  };
  // attached before @fastify/multipart pipes the request: neither misses a byte
  request.raw.on('data', watch);
  return {
    isForm: () => seen.equals(delimiter.subarray(0, seen.length)),
    stop: () => request.raw.off('data', watch),
  };
}

/**
 * The one file of a multipart upload, in the field "file", read to the end of the form. The whole
 * form is read before the file is handed back: a form cut after the file's last byte but before its
 * closing boundary is incomplete too, and nothing may be stored from it. Other fields are ignored;
 * a second file, or a file in another field, is refused once the form has been read.
 */
export async function readUploadedFile(request: FastifyRequest, limits: UploadLimits): Promise<UploadedFile> {
  if (!request.isMultipart())
    fail('VALIDATION_FAILED', `upload the file as multipart/form-data in a field named "${UPLOAD_FIELD}"`);
  // closed while the hooks before this one ran (signing in, rate limits): @fastify/multipart would wait
  // for a 'close' that has already been and never settle
  if (request.raw.readableAborted || request.raw.destroyed) throw incomplete(request);
  const opening = openingWatch(request);
  let file: UploadedFile | undefined;
  let stray: string | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxBytes } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname === UPLOAD_FIELD && !file) {
        file = { bytes: await part.toBuffer(), filename: part.filename };
      } else {
        stray ??=
          part.fieldname === UPLOAD_FIELD
            ? `send one file per upload in the field "${UPLOAD_FIELD}"`
            : `send the file in the multipart field "${UPLOAD_FIELD}", not "${part.fieldname}"`;
        // read and dropped (within the size limit), so the rest of the form is still checked
        await finished(part.file.resume());
      }
    }
  } catch (error) {
    const failure = bodyFailureOf(error, limits);
    if (!failure) throw error;
    noteClosedConnection(request, failure);
    // busboy says "unexpected end" of anything without a closing boundary; a body that does not even
    // open with its boundary (JSON sent as a form) is not a cut form, and sending it again will not help
    if (failure.code === 'BODY_INCOMPLETE' && !request.raw.readableAborted && !opening.isForm()) {
      fail(
        'VALIDATION_FAILED',
        'the body is not a multipart form: it does not start with the boundary its Content-Type names',
      );
    }
    throw failure;
  } finally {
    opening.stop();
  }
  // belt and braces: a connection closed mid-body is never a complete upload, whatever busboy said
  if (request.raw.readableAborted) throw incomplete(request);
  if (stray !== null) fail('VALIDATION_FAILED', stray);
  if (!file) fail('VALIDATION_FAILED', `no file in the upload: send it in the multipart field "${UPLOAD_FIELD}"`);
  return file;
}

/**
 * The uploaded file of a route that also takes the file as the raw body (CSV, XLSX, GeoJSON) or a
 * JSON document: a multipart form is read as readUploadedFile reads it; a raw body was already read
 * whole, within the route's bodyLimit, by the route's content-type parser (its failures reach the
 * error handler as bodyFailureOf's codes); JSON comes back parsed.
 */
export async function readUploadBody(
  request: FastifyRequest,
  limits: UploadLimits,
): Promise<UploadedFile | { json: unknown }> {
  if (request.isMultipart()) return readUploadedFile(request, limits);
  const body = request.body;
  if (Buffer.isBuffer(body)) return { bytes: body };
  // text/plain is decoded by Fastify's own parser before ours sees it
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8') };
  if (body === undefined || body === null)
    fail('VALIDATION_FAILED', `no file: send it as the request body or in the multipart field "${UPLOAD_FIELD}"`);
  return { json: body };
}

/** Whether readUploadBody's answer is a file (rather than a JSON document). */
export function isUploadedFile(upload: UploadedFile | { json: unknown }): upload is UploadedFile {
  return 'bytes' in upload;
}
