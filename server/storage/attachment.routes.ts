/** Upload and download of attachments (photos of hazards, documents of a dispute). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.plugin.js';
import { fail } from '../../core/errors.js';
import { attachmentBytesFor, storeAttachment, uploadByteLimit } from './attachment.service.js';
import { AttachmentRepository } from './attachment.repository.js';
import { findVisibleEvent } from '../events/event-action.service.js';

/** Reads the one `file` part of a multipart upload, with the size limit mapped to our code. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; filename?: string }> {
  if (!request.isMultipart()) fail('VALIDATION_FAILED', 'upload the file as multipart/form-data in a field named "file"');
  const part = await request.file({ limits: { fileSize: maxBytes } });
  if (!part) fail('VALIDATION_FAILED', 'no file in the upload');
  try {
    const bytes = await part.toBuffer();
    return { bytes, filename: part.filename };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      fail('ATTACHMENT_TOO_LARGE', `files are limited to ${Math.floor((maxBytes / 1024 / 1024) * 10) / 10} MB`);
    }
    throw error;
  }
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

export async function attachmentRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/api/attachments', async (request, reply) => {
    const user = requireUser(request);
    // a citizen with an account uploads as the public does: a photo, kept without its metadata
    const audience = user.role === 'citizen' ? 'public' : 'staff';
    const file = await readUpload(request, uploadByteLimit(deps.config, audience));
    const stored = await storeAttachment(deps, file, user.id, audience);
    reply.status(201);
    return { attachment: stored };
  });

  app.get('/api/attachments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const user = requireUser(request);
    const { id } = request.params as Static<typeof IdParams>;
    const row = await new AttachmentRepository(deps.db).find(id);
    if (!row) fail('NOT_FOUND', 'no such attachment');
    if (row.event_id === null) {
      if (row.uploaded_by !== user.id) fail('NOT_FOUND', 'no such attachment');
    } else {
      await findVisibleEvent(deps.db, user, row.event_id).catch(() => fail('NOT_FOUND', 'no such attachment'));
    }
    // the staff get the file as uploaded; a citizen gets a photo without its metadata, or 403
    const bytes = await attachmentBytesFor(deps, row, user);
    reply.header('content-type', row.mime_type);
    reply.header('cache-control', 'private, max-age=3600');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-disposition', `inline; filename="${row.id}"`);
    return reply.send(bytes);
  });
}
