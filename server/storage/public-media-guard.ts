/**
 * The last line of defence for "no location metadata in anything shown publicly": a hook on every
 * API response that goes to someone outside the staff — a route marked `public`, or a signed-in
 * citizen — and carries a file (an image, video, audio, PDF or unnamed binary body). A photo is
 * sent without its metadata whatever the route did (and the slip is logged as an error, since the
 * route should have used `attachmentBytesFor`); anything that cannot be cleaned, or a file streamed
 * so it cannot be checked, is refused. Registered before compression, so it sees the bytes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicViewOf } from '../../core/attachments/upload-policy.js';
import { seesOriginals } from './attachment.service.js';

const FILE_TYPES = /^(image|video|audio)\/|^application\/(pdf|octet-stream)$/;

function isPublicAudience(request: FastifyRequest): boolean {
  return request.routeOptions.config?.public === true || !seesOriginals(request.user ?? null);
}

export function registerPublicMediaGuard(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!request.url.startsWith('/api/') || !isPublicAudience(request)) return payload;
    const type = String(reply.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!FILE_TYPES.test(type)) return payload;
    if (!(payload instanceof Uint8Array))
      throw new Error(`a public response streams a ${type} file the media guard cannot check`);
    const clean = publicViewOf(payload);
    if (clean.length !== payload.length) {
      request.log.error(
        { url: request.url },
        'a public response carried file metadata; it was removed — serve attachments through attachmentBytesFor',
      );
    }
    return Buffer.from(clean.buffer, clean.byteOffset, clean.byteLength);
  });
}
