/** Upload and download of attachments (photos of hazards, documents of a dispute). */
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { assertEventVisible, attachmentBytesFor, storeAttachment, uploadByteLimit } from './attachment.service.js';
import { AttachmentRepository } from './attachment.repository.js';
import { readUploadedFile } from '../http/upload-body.js';
import {
  AttachmentFile,
  AttachmentIdParams,
  UPLOAD_DESCRIPTION,
  UPLOAD_ERRORS,
  UploadAnswer,
} from './attachment.schemas.js';

export async function attachmentRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/api/attachments',
    { schema: { description: UPLOAD_DESCRIPTION, response: { 201: UploadAnswer, ...errors(...UPLOAD_ERRORS) } } },
    async (request, reply) => {
      const user = requireUser(request);
      // a citizen with an account uploads as the public does: a photo, kept without its metadata
      const audience = user.role === 'citizen' ? 'public' : 'staff';
      const file = await readUploadedFile(request, {
        maxBytes: uploadByteLimit(deps.config, audience),
        tooLarge: 'ATTACHMENT_TOO_LARGE',
      });
      const stored = await storeAttachment(deps, file, user.id, audience);
      reply.status(201);
      return { attachment: stored };
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        params: AttachmentIdParams,
        response: { 200: AttachmentFile, ...errors('NOT_FOUND', 'ATTACHMENT_NOT_PUBLIC') },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params;
      const row = await new AttachmentRepository(deps.db).find(id);
      if (!row) fail('NOT_FOUND', 'no such attachment');
      if (row.event_id === null) {
        if (row.uploaded_by !== user.id) fail('NOT_FOUND', 'no such attachment');
      } else {
        await assertEventVisible(deps.db, user, row.event_id).catch(() => fail('NOT_FOUND', 'no such attachment'));
      }
      // the staff get the file as uploaded; a citizen gets a photo without its metadata, or 403
      const bytes = await attachmentBytesFor(deps, row, user);
      reply.header('content-type', row.mime_type);
      reply.header('cache-control', 'private, max-age=3600');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('content-disposition', `inline; filename="${row.id}"`);
      // Fastify sends a Buffer as it is (no serialiser runs): the route's FileAnswer only documents it, so the
      // bytes go through Fastify's untyped reply
      const untyped: FastifyReply = reply;
      return untyped.send(bytes);
    },
  );
}
