/**
 * Every page of the app, in one list: its path, who may open it, its menu entry (if any), and
 * the component, loaded lazily so each page is a chunk of its own. The router, the side menu and
 * the home redirect are all derived from this list — adding a page is adding an entry here.
 *
 * `access`: 'public' (no sign-in, rendered without the app frame: citizen pages), 'signed-in'
 * (any user), or the roles that may open it. The server enforces the same rules on the API; the
 * UI only avoids showing what would be refused.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  AuditOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FormOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { AUDIT_READER_ROLES } from '../../../core/audit/audit-access';
import type { Role, SessionUser } from '../api/types';
import type { MessageKey } from '../i18n';

export type Access = 'public' | 'signed-in' | readonly Role[];

export interface PageRoute {
  path: string;
  access: Access;
  page: LazyExoticComponent<ComponentType>;
  /** Shown in the side menu when set; otherwise reachable by link only. */
  nav?: { label: MessageKey; icon: ReactNode };
}

/** Roles that read the supervision figures of their jurisdiction (core/analytics/analytics-access.ts). */
export const DASHBOARD_ROLES: readonly Role[] = [
  'county_operator',
  'town_operator',
  'leader',
  'village_secretary',
  'village_leader',
  'village_team_member',
  'community_police',
  'grid_head',
];

/** Everyone who works events (all but citizens). */
export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'grid_head',
  'village_secretary',
  'village_leader',
  'village_team_member',
  'community_police',
  'department_staff',
  'town_operator',
  'county_operator',
  'leader',
  'mediator',
];

/** Who reads the audit trail: the county command centre and leaders (core/audit/audit-access.ts). */
export const AUDIT_ROLES: readonly Role[] = AUDIT_READER_ROLES;

const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage'));
const MapPage = lazy(() => import('../pages/map/MapPage'));
const EventDeskPage = lazy(() => import('../pages/events/EventDeskPage'));
const EventDetailPage = lazy(() => import('../pages/events/EventDetailPage'));
const MyGridPage = lazy(() => import('../pages/mobile/MyGridPage'));
const ReportPage = lazy(() => import('../pages/mobile/ReportPage'));
const AccountPage = lazy(() => import('../pages/account/AccountPage'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage'));
const PeoplePage = lazy(() => import('../pages/people/PeoplePage'));
const PublicReportPage = lazy(() => import('../pages/public/PublicReportPage'));
const TrackPage = lazy(() => import('../pages/public/TrackPage'));

export const ROUTES: readonly PageRoute[] = [
  {
    path: '/dashboard',
    access: DASHBOARD_ROLES,
    page: DashboardPage,
    nav: { label: 'nav.dashboard', icon: <DashboardOutlined /> },
  },
  // Placeholders for the pages still to come (the map, the event desk, the phone views): each
  // helper replaces `page` with its own lazy import and keeps the rest.
  {
    path: '/map',
    access: STAFF_ROLES.filter((r) => r !== 'mediator'),
    page: MapPage,
    nav: { label: 'nav.map', icon: <EnvironmentOutlined /> },
  },
  {
    path: '/events',
    access: STAFF_ROLES,
    page: EventDeskPage,
    nav: { label: 'nav.events', icon: <UnorderedListOutlined /> },
  },
  { path: '/events/:id', access: 'signed-in', page: EventDetailPage },
  {
    path: '/my-grid',
    access: ['grid_worker', 'grid_head'],
    page: MyGridPage,
    nav: { label: 'nav.myGrid', icon: <AlertOutlined /> },
  },
  { path: '/report', access: 'signed-in', page: ReportPage, nav: { label: 'nav.report', icon: <FormOutlined /> } },
  { path: '/audit', access: AUDIT_ROLES, page: AuditPage, nav: { label: 'nav.audit', icon: <AuditOutlined /> } },
  // 账号管理: the command centres manage the sign-in of their people (core/access/account-admin.ts)
  {
    path: '/people',
    access: ['town_operator', 'county_operator'],
    page: PeoplePage,
    nav: { label: 'nav.people', icon: <TeamOutlined /> },
  },
  // 账户安全: every signed-in person, from the user menu in the header (no side-menu entry)
  { path: '/account', access: 'signed-in', page: AccountPage },
  { path: '/public/report', access: 'public', page: PublicReportPage },
  { path: '/track/:token', access: 'public', page: TrackPage },
];

export function mayOpen(user: SessionUser | null, access: Access): boolean {
  if (access === 'public') return true;
  if (!user) return false;
  if (access === 'signed-in') return true;
  return access.includes(user.role);
}

/** The menu entries this user may use, in order. */
export function menuFor(user: SessionUser): PageRoute[] {
  return ROUTES.filter((r) => r.nav && mayOpen(user, r.access));
}

/** Where `/` takes a user: the first page of their menu. */
export function homePathFor(user: SessionUser): string {
  return menuFor(user)[0]?.path ?? '/report';
}
