/**
 * The calls of a report, the worker's (上报事件) and the citizen's (随手拍): the categories, the
 * photo upload and the report itself as the offline queue sends them (server/events/event.routes.ts,
 * public.routes.ts, storage/attachment.routes.ts), and the category tree the form picks from. The
 * bodies and answers are the server's own schemas, imported as types.
 */
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { ReportBody, ReportSender } from './offline-queue';
import type { IntakeAnswer, PublicIntakeBody, PublicReportAnswer } from '../../../../server/events/event.schemas.js';
import type { Category, CategoryList } from '../../../../server/organisation/organisation.schemas.js';
import type { UploadAnswer } from '../../../../server/storage/attachment.schemas.js';

/** GET /api/categories, /api/public/categories → items[] */
export type { Category } from '../../../../server/organisation/organisation.schemas.js';

/**
 * POST /api/public/events body (PublicIntakeBody). The key is optional to the server; the web
 * always sends one (in the body and as the Idempotency-Key header), so the queue never sends a
 * report twice.
 */
export type PublicReportBody = Static<typeof PublicIntakeBody> & { idempotencyKey: string };

/** POST /api/public/events → the tracking code. */
export type PublicReportResult = PublicReportAnswer;

function photoForm(photo: Blob, name: string | null): FormData {
  const form = new FormData();
  form.append('file', photo, name ?? 'photo.jpg');
  return form;
}

/** The body the citizen's queue stores: the public report without the parts added when sent. */
export type PublicQueuedBody = Omit<PublicReportBody, 'idempotencyKey' | 'attachmentIds'>;

export const reportApi = {
  categories: (signal?: AbortSignal) => api.get<CategoryList>('/api/categories', undefined, { signal }),
  publicCategories: (signal?: AbortSignal) => api.get<CategoryList>('/api/public/categories', undefined, { signal }),
  publicUpload: async (photo: Blob, name: string | null) =>
    (await api.post<UploadAnswer>('/api/public/attachments', photoForm(photo, name))).attachment.id,
  publicReport: (body: PublicReportBody) =>
    api.post<PublicReportResult>('/api/public/events', body, { headers: { 'Idempotency-Key': body.idempotencyKey } }),
};

/** The staff sender of the offline queue: POST /api/attachments, then POST /api/events with the key. */
export const staffSender: ReportSender = {
  upload: async (photo, name) =>
    (await api.post<UploadAnswer>('/api/attachments', photoForm(photo, name))).attachment.id,
  create: (body: ReportBody & { attachmentIds?: string[]; idempotencyKey: string }, key: string) =>
    api.post<IntakeAnswer>('/api/events', body, { headers: { 'Idempotency-Key': key } }),
};

/** The citizen's sender: POST /api/public/attachments, then POST /api/public/events with the key; answers the tracking code. */
export const publicSender: ReportSender<PublicQueuedBody, PublicReportResult> = {
  upload: (photo, name) => reportApi.publicUpload(photo, name),
  create: (body) => reportApi.publicReport(body),
};

/** A node of the category picker (built here from the server's categories): a domain (领域) with its aspects (事项), or an aspect. */
export interface CategoryNode {
  value: Category['code'];
  /** The category's name in the page's language (nameZh / nameEn). */
  label: string;
  children?: CategoryNode[];
}

/**
 * The taxonomy as a tree for the two-level picker (domain → aspect; deeper levels an operator
 * adds are kept): active categories only, in the taxonomy's order. Only leaves are chosen, so a
 * domain whose aspects are all inactive becomes a leaf itself.
 */
export function categoryTree(items: Category[], locale: string): CategoryNode[] {
  const name = (c: Category) => (locale === 'en' ? c.nameEn || c.nameZh : c.nameZh);
  const active = items.filter((c) => c.active);
  const codes = new Set(active.map((c) => c.code));
  const byParent = new Map<string | null, Category[]>();
  for (const c of active) {
    const parent = c.parentCode && codes.has(c.parentCode) && c.parentCode !== c.code ? c.parentCode : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
  }
  const order = (a: Category, b: Category) => a.sortOrder - b.sortOrder || name(a).localeCompare(name(b));
  const build = (parent: string | null, seen: Set<string>): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .filter((c) => !seen.has(c.code))
      .sort(order)
      .map((c) => {
        const children = build(c.code, new Set([...seen, c.code]));
        return children.length > 0 ? { value: c.code, label: name(c), children } : { value: c.code, label: name(c) };
      });
  return build(null, new Set());
}

/** The path of codes from the domain down to `code` in the tree (the picker's value), or [] when not in it. */
export function categoryPath(tree: CategoryNode[], code: string | undefined): string[] {
  if (!code) return [];
  for (const node of tree) {
    if (node.value === code) return [code];
    const below = node.children ? categoryPath(node.children, code) : [];
    if (below.length > 0) return [node.value, ...below];
  }
  return [];
}
