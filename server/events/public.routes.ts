/**
 * 随手拍 / 接诉即办: the citizen's way in without an account. A report returns an unguessable
 * tracking token; the token shows the report's progress (never the handlers' names or notes).
 * These are the only unauthenticated routes besides login and health.
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { fail } from '../../core/errors.js';
import { PublicIntakeBody, PublicReportAnswer, PublicTracking, TokenParams } from './event.schemas.js';
import { reportEvent } from './event-intake.service.js';
import { EventRepository } from './event.repository.js';
import { publicSteps } from './event.presenter.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import { storeAttachment, uploadByteLimit } from '../storage/attachment.service.js';
import { readUploadedFile } from '../http/upload-body.js';
import { PUBLIC_UPLOAD_DESCRIPTION, UPLOAD_ERRORS, UploadAnswer } from '../storage/attachment.schemas.js';

export async function publicRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/api/public/attachments',
    {
      config: { public: true },
      schema: {
        description: PUBLIC_UPLOAD_DESCRIPTION,
        response: { 201: UploadAnswer, ...errors(...UPLOAD_ERRORS, 'RATE_LIMITED') },
      },
    },
    async (request, reply) => {
      // a photo only (JPEG, PNG, WebP, GIF), kept without its metadata: no citizen's location is stored
      const file = await readUploadedFile(request, {
        maxBytes: uploadByteLimit(deps.config, 'public'),
        tooLarge: 'ATTACHMENT_TOO_LARGE',
      });
      const stored = await storeAttachment(deps, file, null, 'public');
      reply.status(201);
      return { attachment: stored };
    },
  );

  app.post(
    '/api/public/events',
    {
      config: { public: true },
      schema: {
        body: PublicIntakeBody,
        response: {
          201: PublicReportAnswer,
          200: { ...PublicReportAnswer, description: 'the report already made with this idempotency key' },
          ...errors(
            'CATEGORY_UNKNOWN',
            'COORDINATES_INVALID',
            'JURISDICTION_CODE_INVALID',
            'ATTACHMENT_NOT_FOUND',
            'ID_NUMBER_INVALID',
            'IDEMPOTENCY_KEY_INVALID',
            'IDEMPOTENCY_KEY_REUSED',
            'LOCATION_OUTSIDE_AREA',
            'JURISDICTION_NOT_FOUND',
            'RATE_LIMITED',
            'DATABASE_BUSY',
          ),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const headerKey = request.headers['idempotency-key'];
      const { event, created } = await reportEvent(
        deps,
        {
          ...body,
          channel: 'citizen',
          riskLevel: 'blue',
          idempotencyKey: body.idempotencyKey ?? (typeof headerKey === 'string' ? headerKey : undefined),
        },
        null,
        request.ip,
      );
      reply.status(created ? 201 : 200);
      return {
        serialNo: event.serial_no,
        trackingToken: event.tracking_token,
        trackingUrl: `/track/${event.tracking_token}`,
        created,
      };
    },
  );

  app.get(
    '/api/public/events/:token',
    {
      config: { public: true },
      schema: { params: TokenParams, response: { 200: PublicTracking, ...errors('EVENT_NOT_FOUND', 'RATE_LIMITED') } },
    },
    async (request) => {
      const { token } = request.params;
      const events = new EventRepository(deps.db);
      const event = await events.findByTrackingToken(token);
      if (!event) fail('EVENT_NOT_FOUND', 'no report with this tracking code');
      const history = await events.history(event.id);
      return {
        serialNo: event.serial_no,
        title: event.title,
        status: event.status,
        statusName: STATUS_DEFINITIONS[event.status as EventStatus]?.zh ?? event.status,
        statusKind: event.status_kind,
        reportedAt: event.reported_at.toISOString(),
        updatedAt: event.updated_at.toISOString(),
        steps: publicSteps(history),
      };
    },
  );
}
