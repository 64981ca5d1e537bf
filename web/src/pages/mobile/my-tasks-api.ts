/**
 * 我的网格's calls: the worker's own (assigned) open events by tab, and how many each tab holds
 * (GET /api/events with `mine=true`, server/events/event.routes.ts).
 */
import { api } from '../../api/client';
import type { EventPage, ListQuery } from '../../api/events';

/** The tabs of 我的网格: all open tasks, to sign for (签收), in hand (办理中), overdue (red light). */
export const TASK_TABS = ['open', 'toSign', 'inHand', 'overdue'] as const;
export type TaskTab = (typeof TASK_TABS)[number];

/** The list query of each tab: the worker's own (assigned) open events, newest first. */
export function taskQuery(tab: TaskTab, page: number, pageSize: number): ListQuery {
  const base: ListQuery = { mine: true, sort: 'reported_at', order: 'desc', page, pageSize };
  switch (tab) {
    case 'toSign':
      return { ...base, status: ['dispatched'] };
    case 'inHand':
      return { ...base, status: ['accepted', 'handling'] };
    case 'overdue':
      return { ...base, statusKind: ['open'], light: ['red'] };
    default:
      return { ...base, statusKind: ['open'] };
  }
}

export const myTasksApi = {
  page: (tab: TaskTab, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<EventPage>('/api/events', taskQuery(tab, page, pageSize), { signal }),
  /** How many tasks each tab holds (one pageSize=1 call per tab). */
  counts: async (signal?: AbortSignal): Promise<Record<TaskTab, number>> => {
    const totals = await Promise.all(
      TASK_TABS.map((tab) => api.get<EventPage>('/api/events', taskQuery(tab, 1, 1), { signal }).then((p) => p.total)),
    );
    return Object.fromEntries(TASK_TABS.map((tab, i) => [tab, totals[i]])) as Record<TaskTab, number>;
  },
};
