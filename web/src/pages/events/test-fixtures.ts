/** Test data for the event desk's tests (not shipped: only imported by *.test.tsx). */
import { vi } from 'vitest';
import type { EventDetail, EventSummary } from '../../api/events';

export function summary(id: number, light: string | null, over: Partial<EventSummary> = {}): EventSummary {
  return {
    id,
    serialNo: `SJ2026112400${id}`,
    title: `Event ${id}`,
    channel: 'grid_patrol',
    channelName: 'grid patrol',
    eventType: 'hazard',
    eventTypeName: 'hazard',
    categoryCode: 'hazard.fire',
    categoryName: null,
    riskLevel: 'red',
    riskLevelName: 'red',
    highRisk: false,
    status: 'handling',
    statusName: 'handling',
    statusKind: 'open',
    jurisdictionCode: '620999100001',
    jurisdictionName: 'East village',
    address: null,
    location: null,
    reportedAt: '2026-11-24T01:30:00.000Z',
    updatedAt: '2026-11-24T02:00:00.000Z',
    version: 3,
    tier: 'village',
    tierName: 'village',
    light,
    suspended: false,
    ...over,
  };
}

export function detail(actions: EventDetail['availableActions']): EventDetail {
  return {
    event: {
      ...summary(7, 'yellow', { location: { lng: 103.5, lat: 36.1 }, address: 'No. 1 Road' }),
      description: 'A fallen wire by the road',
      countyCode: '620999000000',
      townCode: '620999100000',
      villageCode: '620999100001',
      gridCode: null,
      dispatchReason: null,
      dispatchReasonName: null,
      reporterName: null,
      reporterPhone: null,
      mergedIntoId: null,
      resolvedAt: null,
      closedAt: null,
      createdAt: '2026-11-24T01:30:00.000Z',
      acceptedAt: null,
      resolvedTier: null,
      suspendedAt: null,
      supervisedAt: null,
      counts: { urge: 0, escalation: 0, extension: 0, return: 0, rework: 0 },
    },
    view: 'staff',
    assignments: [
      {
        id: 1,
        person: { id: 11, name: 'Wang Wu', role: 'grid_worker', phone: '13800000000' },
        department: null,
        centre: null,
        assignmentRole: 'grid_owner',
        duty: null,
        tier: 'grid',
        active: true,
        assignedAt: '2026-11-24T01:31:00.000Z',
        endedAt: null,
      },
    ],
    history: [
      {
        id: 100,
        action: 'report',
        fromStatus: null,
        toStatus: 'reported',
        actor: { id: 11, name: 'Wang Wu', role: 'grid_worker' },
        note: 'found on patrol',
        data: null,
        attachmentIds: null,
        at: '2026-11-24T01:30:00.000Z',
      },
      {
        id: 101,
        action: 'accept',
        fromStatus: 'dispatched',
        toStatus: 'accepted',
        actor: { id: 11, name: 'Wang Wu', role: 'grid_worker' },
        note: null,
        data: null,
        attachmentIds: null,
        at: '2026-11-24T01:40:00.000Z',
      },
    ],
    attachments: [{ id: 'a1', mimeType: 'image/jpeg', sizeBytes: 1000, name: 'photo.jpg', url: '/api/attachments/a1' }],
    deadlines: [
      {
        id: 5,
        step: 'resolve',
        tier: 'village',
        startedAt: '2026-11-24T01:30:00.000Z',
        warnAt: '2026-11-25T01:30:00.000Z',
        dueAt: '2026-11-26T01:30:00.000Z',
        limit: { amount: 2, unit: 'natural_days' },
        light: 'yellow',
        paused: false,
        completedAt: null,
        outcome: null,
      },
    ],
    extensionRequests: [],
    availableActions: actions,
  };
}

type Handler = (url: URL, init: RequestInit | undefined) => { status?: number; body: unknown } | undefined;

/** Replaces fetch: each call goes to `handler`; unanswered calls are 404. Returns the spy. */
export function mockFetch(handler: Handler) {
  const spy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const answer = handler(url, init) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not mocked' } } };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', spy);
  return spy;
}
