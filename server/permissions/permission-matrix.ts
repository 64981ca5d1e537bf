/**
 * The permission matrix (权限矩阵): for every API route, what it does and which roles may call it
 * over what scope. It is the one statement of who may do what: docs/permissions.md is generated
 * from it (permissionsDoc, kept in step by a test), and permission-matrix.test.ts calls every
 * route as every role against an in-scope and an out-of-scope target and checks the answer
 * against it. A route the app serves that is missing here, or a row for a route that does not
 * exist, fails that test.
 */
import { ROLES, ROLE_NAMES_ZH, type Role } from '../../core/access/roles.js';

/**
 * How far a role's permission on a route reaches.
 *
 * - `public`     公开: no sign-in needed (the route takes no session).
 * - `any`        全部: any signed-in user of the role, whatever the target.
 * - `self`       本人范围: the route has no target; it answers only with what lies within the
 *                caller's own scope (their jurisdiction, department, reports, tasks …).
 * - `subtree`    本辖区: the target lies within the caller's jurisdiction subtree. For supervising an
 *                event (核查, 结案, 改派, 督办 …) the caller's jurisdiction must also contain the event's
 *                supervising centre: once the county took an event over (提级 to the county), a town
 *                centre may no longer verify or close it (EVENT_HELD_AT_HIGHER_TIER).
 * - `visible`    可见事件: an event the caller may see — in their subtree (staff), assigned to their
 *                department (department staff), reported by them (citizens), or ever assigned to them
 *                (a mediator sees only these: the events of their mediation tasks).
 * - `assigned`   承办: the caller (or their department, or their centre) holds an active assignment
 *                on the event, made at the tier that holds it now or above. After 提级 the assignees
 *                of lower tiers assist: they may still record (处置记录) and consult (会商), nothing else
 *                (EVENT_HELD_AT_HIGHER_TIER).
 * - `handling`   承办或督办: assigned as above, or a supervisor (centre operator, leader) whose
 *                jurisdiction contains the event.
 * - `reported`   本人上报: the caller reported the event (and it is still before acceptance).
 * - `member`     本人任务: the mediation task was sent to the caller.
 * - `circulated` 下发范围: a notice (通报) circulated to the caller (the centres above them and
 *                their own; for all but department staff, those of the centres below).
 * - `own`        本人所有: the caller's own export.
 * - `none`       无权: refused (401/403, or 404 where the route hides what exists).
 */
export type Scope =
  | 'public'
  | 'any'
  | 'self'
  | 'subtree'
  | 'visible'
  | 'assigned'
  | 'handling'
  | 'reported'
  | 'member'
  | 'circulated'
  | 'own'
  | 'none';

export const SCOPE_NAMES_ZH: Record<Scope, string> = {
  public: '公开',
  any: '全部',
  self: '本人范围',
  subtree: '本辖区',
  visible: '可见事件',
  assigned: '承办',
  handling: '承办或督办',
  reported: '本人上报',
  member: '本人任务',
  circulated: '下发范围',
  own: '本人所有',
  none: '—',
};

export interface MatrixRow {
  /** `METHOD /path` as Fastify registers it; an event action adds ` #action`. */
  key: string;
  /** What the route does, in the words of the domain (Chinese term first). */
  action: string;
  /** Area of the platform, for the document's sections. */
  area: string;
  /** Per role; roles left out have `none`. */
  access: Partial<Record<Role, Scope>>;
  /** Error codes with which the route refuses out-of-scope targets by hiding them (404, as if absent). */
  hides?: readonly string[];
  /** Error codes that still mean "authorised" (the request was let in; the domain said no). */
  passes?: readonly string[];
  /** Notes for the reader of docs/permissions.md. */
  note?: string;
}

const ALL = ROLES;
const STAFF = ROLES.filter((r) => r !== 'citizen');
const CENTRES: readonly Role[] = ['town_operator', 'county_operator'];
const SUPERVISORS: readonly Role[] = ['town_operator', 'county_operator', 'leader'];
const LOCAL_VISITORS: readonly Role[] = ['village_secretary', 'grid_head', 'grid_worker'];
/** Roles that read jurisdiction figures (not citizens, mediators or department staff). */
/** Supervisors (centres, leaders) reach events in their subtree as well as those assigned to them. */
const SUPERVISED: Partial<Record<Role, Scope>> = {
  town_operator: 'handling',
  county_operator: 'handling',
  leader: 'handling',
};
const FIGURE_READERS = ROLES.filter((r) => r !== 'citizen' && r !== 'mediator' && r !== 'department_staff');
const BRIEFING_READERS = ROLES.filter((r) => !['citizen', 'mediator', 'grid_worker', 'grid_head'].includes(r));

function give(
  roles: readonly Role[],
  scope: Scope,
  more: Partial<Record<Role, Scope>> = {},
): Partial<Record<Role, Scope>> {
  return { ...Object.fromEntries(roles.map((r) => [r, scope])), ...more };
}

const EVENT_HIDES = ['EVENT_NOT_FOUND'] as const;

/** 事件流转: one row per action of POST /api/events/:id/actions/:action. */
const EVENT_ACTION_ROWS: MatrixRow[] = (
  [
    ['dispatch', '分拨', give(CENTRES, 'subtree')],
    ['redispatch', '重新分拨', give(CENTRES, 'subtree')],
    ['accept', '签收', give(STAFF, 'assigned')],
    ['return', '退回', give(STAFF, 'assigned')],
    ['start', '开始处置', give(STAFF, 'assigned')],
    ['record', '处置记录', give(STAFF, 'assigned')],
    ['resolve', '办结', give(STAFF, 'assigned')],
    ['verify', '核查', give(SUPERVISORS, 'subtree')],
    ['rework', '退回重办', give(SUPERVISORS, 'subtree')],
    ['close', '结案', give(SUPERVISORS, 'subtree')],
    ['reassign', '改派', give(CENTRES, 'subtree')],
    ['merge', '合并', give(CENTRES, 'subtree')],
    ['cancel', '撤销', give(ALL, 'reported', { town_operator: 'subtree', county_operator: 'subtree' })],
    ['assign', '增派', give(CENTRES, 'subtree')],
    ['escalate', '提级', give(STAFF, 'assigned', { town_operator: 'handling', county_operator: 'handling' })],
    ['urge', '催办', give(SUPERVISORS, 'subtree')],
    ['supervise', '督办', give(SUPERVISORS, 'subtree')],
    ['request_extension', '申请延期', give(STAFF, 'assigned')],
    ['approve_extension', '批准延期', give(SUPERVISORS, 'subtree')],
    ['reject_extension', '驳回延期', give(SUPERVISORS, 'subtree')],
    [
      'suspend',
      '挂起',
      give(
        SUPERVISORS.filter((r) => r !== 'leader'),
        'subtree',
      ),
    ],
    [
      'resume',
      '恢复计时',
      give(
        SUPERVISORS.filter((r) => r !== 'leader'),
        'subtree',
      ),
    ],
    [
      'consult',
      '会商',
      give(STAFF, 'assigned', { town_operator: 'handling', county_operator: 'handling', leader: 'handling' }),
    ],
    ['reopen', '重新办理', give(SUPERVISORS, 'subtree')],
  ] as const
).map(([action, zh, access]) => ({
  key: `POST /api/events/:id/actions/:action #${action}`,
  action: `${zh} (${action})`,
  area: '事件流转 Event workflow',
  access,
  hides: EVENT_HIDES,
  passes: ['EVENT_ILLEGAL_TRANSITION'],
}));

export const PERMISSION_MATRIX: readonly MatrixRow[] = [
  // ── sign-in ─────────────────────────────────────────────────────────────────────────────
  { key: 'POST /api/auth/login', action: '登录 sign in', area: '登录 Sign-in', access: give(ALL, 'public') },
  { key: 'POST /api/auth/logout', action: '退出 sign out', area: '登录 Sign-in', access: give(ALL, 'any') },
  {
    key: 'POST /api/auth/logout-all',
    action: '全部退出 sign out everywhere',
    area: '登录 Sign-in',
    access: give(ALL, 'self'),
  },
  { key: 'GET /api/auth/sessions', action: '我的会话 my sessions', area: '登录 Sign-in', access: give(ALL, 'self') },
  {
    key: 'POST /api/auth/password',
    action: '修改密码 change my password',
    area: '登录 Sign-in',
    access: give(ALL, 'self'),
    note: 'one’s own password only, with the current one',
  },
  { key: 'GET /api/auth/me', action: '当前用户 who am I', area: '登录 Sign-in', access: give(ALL, 'any') },
  { key: 'GET /api/health', action: '健康检查 health', area: '登录 Sign-in', access: give(ALL, 'public') },
  { key: 'GET /*', action: '网页应用 the web app', area: '登录 Sign-in', access: give(ALL, 'public') },
  // ── events ──────────────────────────────────────────────────────────────────────────────
  {
    key: 'POST /api/events',
    action: '上报事件 report an event',
    area: '事件 Events',
    access: give(ALL, 'any'),
    note: 'anyone signed in may report anywhere; a citizen’s channel is always 群众上报',
  },
  {
    key: 'GET /api/events',
    action: '事件列表 event list',
    area: '事件 Events',
    access: give(ALL, 'visible'),
    note: 'the list holds only visible events; a jurisdiction filter outside one’s own is refused (403)',
  },
  {
    key: 'GET /api/events/geojson',
    action: '事件地图 event map points',
    area: '事件 Events',
    access: give(ALL, 'visible'),
  },
  {
    key: 'GET /api/events/:id',
    action: '事件详情 event detail',
    area: '事件 Events',
    access: give(ALL, 'visible'),
    hides: EVENT_HIDES,
  },
  {
    key: 'GET /api/events/:id/similar',
    action: '疑似重复 similar events',
    area: '事件 Events',
    access: give(ALL, 'visible'),
    hides: EVENT_HIDES,
  },
  {
    key: 'GET /api/events/:id/contacts',
    action: '一键拨号 contacts',
    area: '事件 Events',
    access: give(STAFF, 'assigned', SUPERVISED),
    hides: EVENT_HIDES,
  },
  {
    key: 'POST /api/events/:id/reporter/unmask',
    action: '查看完整信息 unmask the reporter',
    area: '事件 Events',
    access: give(
      STAFF.filter((r) => r !== 'mediator'),
      'assigned',
      SUPERVISED,
    ),
    hides: EVENT_HIDES,
    passes: ['REPORTER_ANONYMOUS'],
    note: 'the reporter’s clear name, phone and ID number (lists, exports and the detail show them masked); each call audited; an anonymous report (匿名反映) only by the county command centre (otherwise REPORTER_ANONYMOUS)',
  },
  {
    key: 'GET /api/events/:id/notifications',
    action: '通知记录 notifications',
    area: '事件 Events',
    access: give(SUPERVISORS, 'subtree'),
    hides: EVENT_HIDES,
  },
  ...EVENT_ACTION_ROWS,
  // ── public intake (随手拍) ────────────────────────────────────────────────────────────────
  {
    key: 'POST /api/public/attachments',
    action: '随手拍上传照片 public photo upload',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
  },
  {
    key: 'POST /api/public/events',
    action: '随手拍 public report',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
  },
  {
    key: 'GET /api/public/events/:token',
    action: '进度查询 track by token',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
    note: 'the unguessable tracking token is the credential',
  },
  {
    key: 'GET /api/public/events/:token/rating',
    action: '评价状态 rating state',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
  },
  {
    key: 'POST /api/public/events/:token/rating',
    action: '群众评价 citizen rating',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
    passes: ['RATING_ALREADY_GIVEN', 'RATING_NOT_OPEN'],
  },
  {
    key: 'GET /api/public/categories',
    action: '事项分类 public categories',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
  },
  {
    key: 'GET /api/public/places',
    action: '地点列表 public place list',
    area: '随手拍 Public',
    access: give(ALL, 'public'),
  },
  // ── attachments ─────────────────────────────────────────────────────────────────────────
  { key: 'POST /api/attachments', action: '上传附件 upload', area: '附件 Attachments', access: give(ALL, 'any') },
  {
    key: 'GET /api/attachments/:id',
    action: '查看附件 download',
    area: '附件 Attachments',
    access: give(ALL, 'visible'),
    hides: ['NOT_FOUND'],
    note: 'an attachment of an event the caller may see, or their own unlinked upload',
  },
  // ── organisation ────────────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/jurisdictions',
    action: '本级辖区 own jurisdiction',
    area: '组织 Organisation',
    access: give(STAFF, 'self'),
  },
  {
    key: 'GET /api/jurisdictions/:code',
    action: '辖区详情 jurisdiction, children, 3+N',
    area: '组织 Organisation',
    access: give(STAFF, 'subtree'),
    hides: ['JURISDICTION_NOT_FOUND'],
  },
  {
    key: 'GET /api/geo/boundaries',
    action: '边界 boundaries',
    area: '组织 Organisation',
    access: give(STAFF, 'subtree'),
  },
  { key: 'GET /api/people', action: '人员 people', area: '组织 Organisation', access: give(STAFF, 'subtree') },
  {
    key: 'POST /api/people/:id/password-reset',
    action: '重置密码 reset a password',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['PERSON_NOT_FOUND'],
    note: 'answers a temporary password once (never in the audit trail); the person’s sessions and lockout end and they must set their own password before anything else; not one’s own (ACCOUNT_SELF_ACTION)',
  },
  {
    key: 'POST /api/people/:id/unlock',
    action: '解锁 unlock sign-in',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['PERSON_NOT_FOUND'],
    note: 'clears the username’s wrong passwords and lock',
  },
  {
    key: 'POST /api/people/:id/deactivate',
    action: '停用账号 deactivate',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['PERSON_NOT_FOUND'],
    note: 'the person’s sessions end; not one’s own (ACCOUNT_SELF_ACTION)',
  },
  {
    key: 'POST /api/people/:id/reactivate',
    action: '启用账号 reactivate',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['PERSON_NOT_FOUND'],
  },
  {
    key: 'GET /api/departments',
    action: '部门 departments',
    area: '组织 Organisation',
    access: give(STAFF, 'self'),
    note: 'the departments of the caller’s county',
  },
  { key: 'GET /api/categories', action: '事项分类 categories', area: '组织 Organisation', access: give(ALL, 'any') },
  {
    key: 'POST /api/categories',
    action: '新增分类 add category',
    area: '组织 Organisation',
    access: { county_operator: 'any' },
    passes: ['CATEGORY_EXISTS'],
  },
  {
    key: 'PATCH /api/categories/:code',
    action: '修改分类 edit category',
    area: '组织 Organisation',
    access: { county_operator: 'any' },
  },
  {
    key: 'POST /api/import/jurisdictions',
    action: '导入辖区 import jurisdictions',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['IMPORT_HAS_ERRORS'],
    note: 'rows outside the operator’s jurisdiction are row errors: nothing is written (422)',
  },
  {
    key: 'POST /api/import/people',
    action: '导入人员 import people',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['IMPORT_HAS_ERRORS'],
  },
  {
    key: 'POST /api/import/bindings',
    action: '导入包联 import bindings',
    area: '组织 Organisation',
    access: give(CENTRES, 'subtree'),
    hides: ['IMPORT_HAS_ERRORS'],
  },
  // ── deadlines and calendar ──────────────────────────────────────────────────────────────
  {
    key: 'GET /api/deadline-rules',
    action: '时限规则 time limits',
    area: '时限 Deadlines',
    access: give(STAFF, 'any'),
  },
  {
    key: 'POST /api/deadline-rules',
    action: '新增时限 add rule',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'PUT /api/deadline-rules/:id',
    action: '修改时限 edit rule',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'DELETE /api/deadline-rules/:id',
    action: '删除时限 delete rule',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'PUT /api/deadline-ladder/:eventType/:tier',
    action: '五级九天 set rung',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'DELETE /api/deadline-ladder/:eventType/:tier',
    action: '五级九天 delete rung',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  { key: 'GET /api/calendar', action: '工作日历 calendar', area: '时限 Deadlines', access: give(STAFF, 'any') },
  {
    key: 'GET /api/calendar/deadline',
    action: '时限计算 deadline calculator',
    area: '时限 Deadlines',
    access: give(STAFF, 'any'),
  },
  {
    key: 'GET /api/calendar/overrides',
    action: '调休设置 overrides',
    area: '时限 Deadlines',
    access: give(STAFF, 'any'),
  },
  {
    key: 'PUT /api/calendar/overrides/:date',
    action: '设置调休 set override',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'DELETE /api/calendar/overrides/:date',
    action: '删除调休 delete override',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  {
    key: 'POST /api/calendar/overrides/import',
    action: '导入调休 import overrides',
    area: '时限 Deadlines',
    access: { county_operator: 'any' },
  },
  // ── follow-ups ──────────────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/follow-ups',
    action: '回访任务 follow-up work list',
    area: '回访 Follow-ups',
    access: give(
      STAFF.filter((r) => r !== 'department_staff' && r !== 'mediator'),
      'self',
    ),
  },
  {
    key: 'GET /api/events/:id/follow-ups',
    action: '事件回访 an event’s visits',
    area: '回访 Follow-ups',
    access: give(ALL, 'visible'),
    hides: EVENT_HIDES,
  },
  {
    key: 'POST /api/follow-ups/:id/record',
    action: '记录回访 record a visit',
    area: '回访 Follow-ups',
    access: give(LOCAL_VISITORS, 'visible', { town_operator: 'subtree', county_operator: 'subtree' }),
    hides: ['FOLLOW_UP_NOT_FOUND'],
    note: 'not by whoever resolved the event (FOLLOW_UP_BY_HANDLER)',
  },
  {
    key: 'POST /api/follow-ups/:id/skip',
    action: '跳过回访 skip a visit',
    area: '回访 Follow-ups',
    access: give(CENTRES, 'subtree'),
    hides: ['FOLLOW_UP_NOT_FOUND'],
  },
  // ── mediation ───────────────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/events/:id/resolution-plan',
    action: '化解方案 read plan',
    area: '调解 Mediation',
    access: give(STAFF, 'visible'),
    hides: EVENT_HIDES,
  },
  {
    key: 'PUT /api/events/:id/resolution-plan',
    action: '制定化解方案 save plan',
    area: '调解 Mediation',
    access: give(STAFF, 'assigned', SUPERVISED),
    hides: EVENT_HIDES,
    passes: ['PLAN_VERSION_CONFLICT'],
  },
  {
    key: 'GET /api/villages/:code/mediators',
    action: '群英库 mediator pool',
    area: '调解 Mediation',
    access: give(STAFF, 'subtree'),
    hides: ['JURISDICTION_NOT_FOUND'],
    note: 'the village is in, under or above the caller’s jurisdiction',
  },
  {
    key: 'POST /api/villages/:code/mediators',
    action: '入库 add to pool',
    area: '调解 Mediation',
    access: give(CENTRES, 'subtree', { village_secretary: 'subtree' }),
    hides: ['JURISDICTION_NOT_FOUND'],
    passes: ['MEDIATOR_ALREADY_IN_POOL'],
  },
  {
    key: 'PATCH /api/villages/:code/mediators/:personId',
    action: '修改库员 edit pool member',
    area: '调解 Mediation',
    access: give(CENTRES, 'subtree', { village_secretary: 'subtree' }),
    hides: ['JURISDICTION_NOT_FOUND'],
  },
  {
    key: 'POST /api/events/:id/mediation-tasks',
    action: '派发调解任务 send a task',
    area: '调解 Mediation',
    access: give(STAFF, 'assigned', SUPERVISED),
    hides: EVENT_HIDES,
    passes: ['MEDIATION_TASK_DUPLICATE'],
  },
  {
    key: 'GET /api/events/:id/mediation-tasks',
    action: '事件调解任务 an event’s tasks',
    area: '调解 Mediation',
    access: give(STAFF, 'visible'),
    hides: EVENT_HIDES,
  },
  {
    key: 'GET /api/mediation-tasks',
    action: '调解任务列表 task list',
    area: '调解 Mediation',
    access: give(ALL, 'self'),
  },
  {
    key: 'GET /api/mediation-tasks/:id',
    action: '调解任务 a task',
    area: '调解 Mediation',
    access: give(STAFF, 'visible'),
    hides: ['MEDIATION_TASK_NOT_FOUND'],
    note: 'its member, or staff who may see its event',
  },
  {
    key: 'POST /api/mediation-tasks/:id/accept',
    action: '接受任务 accept',
    area: '调解 Mediation',
    access: give(ALL, 'member'),
    hides: ['MEDIATION_TASK_NOT_FOUND'],
  },
  {
    key: 'POST /api/mediation-tasks/:id/decline',
    action: '拒绝任务 decline',
    area: '调解 Mediation',
    access: give(ALL, 'member'),
    hides: ['MEDIATION_TASK_NOT_FOUND'],
  },
  {
    key: 'POST /api/mediation-tasks/:id/result',
    action: '调解结果 report result',
    area: '调解 Mediation',
    access: give(ALL, 'member'),
    hides: ['MEDIATION_TASK_NOT_FOUND'],
  },
  {
    key: 'POST /api/mediation-tasks/:id/cancel',
    action: '撤回任务 cancel',
    area: '调解 Mediation',
    access: give(STAFF, 'assigned', SUPERVISED),
    hides: ['MEDIATION_TASK_NOT_FOUND'],
  },
  // ── supervision figures ─────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/analytics/definitions',
    action: '指标定义 KPI catalogue',
    area: '督查考核 Figures',
    access: give(
      STAFF.filter((r) => r !== 'mediator'),
      'any',
    ),
  },
  {
    key: 'GET /api/analytics/kpis',
    action: '指标 KPIs',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree'),
  },
  {
    key: 'GET /api/analytics/breakdown',
    action: '分布 breakdown',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree'),
  },
  {
    key: 'GET /api/analytics/rankings',
    action: '排名 rankings',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree', { department_staff: 'self' }),
    note: 'department staff: their own department’s row of the department ranking',
  },
  {
    key: 'GET /api/analytics/drilldown',
    action: '下钻 drill-down',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree'),
  },
  {
    key: 'GET /api/analytics/village-class-settings',
    action: '村级分类设置 class settings',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'self'),
  },
  {
    key: 'PUT /api/analytics/village-class-settings',
    action: '修改分类设置 set class settings',
    area: '督查考核 Figures',
    access: { county_operator: 'self' },
  },
  {
    key: 'POST /api/analytics/village-classes/compute',
    action: '计算村级分类 compute classes',
    area: '督查考核 Figures',
    access: give(CENTRES, 'subtree'),
  },
  {
    key: 'GET /api/analytics/village-classes',
    action: '村级分类 classes',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree'),
    passes: ['VILLAGE_CLASS_NOT_COMPUTED'],
  },
  {
    key: 'GET /api/analytics/village-classes/:code/history',
    action: '分类历史 a village’s history',
    area: '督查考核 Figures',
    access: give(
      FIGURE_READERS.filter((r) => r !== 'grid_worker'),
      'subtree',
    ),
    note: 'a grid worker’s subtree holds no village',
  },
  {
    key: 'GET /api/analytics/village-pairings',
    action: '挂钩 pairings',
    area: '督查考核 Figures',
    access: give(FIGURE_READERS, 'subtree'),
  },
  {
    key: 'PUT /api/analytics/village-pairings/:code',
    action: '设置挂钩 set pairings',
    area: '督查考核 Figures',
    access: { county_operator: 'subtree' },
  },
  // ── briefings ───────────────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/briefings',
    action: '通报列表 notices',
    area: '通报 Briefings',
    access: give(BRIEFING_READERS, 'circulated'),
  },
  {
    key: 'POST /api/briefings',
    action: '生成通报 issue a notice',
    area: '通报 Briefings',
    access: give(SUPERVISORS, 'subtree'),
  },
  {
    key: 'GET /api/briefings/:id',
    action: '通报 a notice',
    area: '通报 Briefings',
    access: give(BRIEFING_READERS, 'circulated'),
    hides: ['BRIEFING_NOT_FOUND'],
  },
  {
    key: 'GET /api/briefings/:id/xlsx',
    action: '通报 Excel',
    area: '通报 Briefings',
    access: give(BRIEFING_READERS, 'circulated'),
    hides: ['BRIEFING_NOT_FOUND'],
  },
  {
    key: 'GET /api/briefings/:id/html',
    action: '通报打印页 printable',
    area: '通报 Briefings',
    access: give(BRIEFING_READERS, 'circulated'),
    hides: ['BRIEFING_NOT_FOUND'],
  },
  // ── exports ─────────────────────────────────────────────────────────────────────────────
  {
    key: 'POST /api/exports',
    action: '导出事件清单 export the list',
    area: '导出 Exports',
    access: give(STAFF, 'visible'),
  },
  { key: 'GET /api/exports', action: '我的导出 my exports', area: '导出 Exports', access: give(ALL, 'self') },
  {
    key: 'GET /api/exports/:id',
    action: '导出进度 an export',
    area: '导出 Exports',
    access: give(ALL, 'own'),
    hides: ['EXPORT_NOT_FOUND'],
  },
  {
    key: 'GET /api/exports/:id/download',
    action: '下载导出 download',
    area: '导出 Exports',
    access: give(ALL, 'own'),
    hides: ['EXPORT_NOT_FOUND'],
    passes: ['EXPORT_NOT_READY'],
  },
  // ── audit trail ─────────────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/audit',
    action: '审计日志 audit trail',
    area: '其他 Other',
    access: { county_operator: 'subtree', leader: 'subtree' },
    note: 'records of actors within the reader’s jurisdiction',
  },
  // ── live, configuration ─────────────────────────────────────────────────────────────────
  {
    key: 'GET /api/live',
    action: '实时推送 live updates',
    area: '其他 Other',
    access: give(ALL, 'self'),
    note: 'only changes to events the caller may see',
  },
  { key: 'GET /api/config/map', action: '底图配置 basemap', area: '其他 Other', access: give(STAFF, 'any') },
  // ── the API reference (server/api-docs/openapi.ts): the document, and swagger-ui's page, its parts and assets ──
  { key: 'GET /api/openapi.json', action: '接口文档 OpenAPI document', area: '其他 Other', access: give(STAFF, 'any') },
  ...[
    'GET /api/docs',
    'GET /api/docs/',
    'GET /api/docs/json',
    'GET /api/docs/yaml',
    'GET /api/docs/static/index.html',
    'GET /api/docs/static/swagger-initializer.js',
    'GET /api/docs/*',
  ].map((key) => ({ key, action: '接口文档 API reference', area: '其他 Other', access: give(STAFF, 'any') })),
  // (`GET /api/docs/*` is swagger-ui's assets, /api/docs/static/*, as served-routes.ts reads Fastify's route tree)
];

export function accessOf(row: MatrixRow, role: Role): Scope {
  return row.access[role] ?? 'none';
}

/** The route a matrix key names (`METHOD /path`, without an event action). */
export function routeOf(key: string): string {
  return key.split(' #')[0];
}

/** docs/permissions.md, generated from the matrix. */
export function permissionsDoc(): string {
  const areas = [...new Set(PERMISSION_MATRIX.map((r) => r.area))];
  return [
    ...docIntroduction(),
    ...docScopes(),
    ...docAllowedAndRefused(),
    ...docWhatEachRoleIsSent(),
    ...areas.flatMap(docArea),
    '',
  ].join('\n');
}

/** The page's title (权限矩阵), the note that it is generated, and what the test does with it. */
function docIntroduction(): string[] {
  const out: string[] = [];
  out.push('# Permission matrix (权限矩阵)');
  out.push('');
  out.push(
    '<!-- Generated from server/permissions/permission-matrix.ts by permissionsDoc(); a test keeps this file equal to it. Edit the matrix, then run `npx tsx -e "import(\'./server/permissions/permission-matrix.ts\').then(m => process.stdout.write(m.permissionsDoc()))" > docs/permissions.md`. -->',
  );
  out.push('');
  out.push(
    'Who may call each API route, and over what. Rows are routes (one per action for 事件流转), columns are roles,',
  );
  out.push(
    'cells say how far the permission reaches; `—` is refused. `server/permissions/permission-matrix.test.ts` calls',
  );
  out.push('every route as every role, once on a target inside that reach and once outside it, on the embedded and on');
  out.push('the server database, and fails on any difference from this page — or on a route missing from it.');
  out.push('');
  return out;
}

/** "Scopes": what each cell value means. */
function docScopes(): string[] {
  const out: string[] = [];
  out.push('## Scopes');
  out.push('');
  out.push('| cell | meaning |');
  out.push('|---|---|');
  const meanings: Record<Scope, string> = {
    public: 'no sign-in needed',
    any: 'any signed-in user of the role, whatever the target',
    self: 'the route names no target; it answers only with what lies within the caller’s own scope',
    subtree:
      'the target lies in the caller’s jurisdiction subtree (县 ⊃ 镇 ⊃ 村 ⊃ 网格); to supervise an event (核查, 结案, 改派, 督办 …) it must also contain the event’s supervising centre — the town’s while the event is held in the town, the county’s once raised to the county (`EVENT_HELD_AT_HIGHER_TIER` for a centre below)',
    visible:
      'an event the caller may see: in their subtree (staff), assigned to their department (department staff), reported by them (citizens), or ever assigned to them — a mediator only this last: the events of their mediation tasks',
    assigned:
      'the caller, their department or their centre holds an active assignment on the event, made at the tier that holds it now or above; after 提级 the assignees of lower tiers may only record (处置记录) and consult (会商) (`EVENT_HELD_AT_HIGHER_TIER`)',
    handling: 'assigned as above, or a supervisor (centre operator, leader) whose jurisdiction contains the event',
    reported: 'the caller reported the event (cancel: before it is accepted)',
    member: 'the mediation task was sent to the caller',
    circulated:
      'a notice circulated to the caller: the centres above them and their own; for all but department staff, also the centres below',
    own: 'the caller’s own export',
    none: 'refused',
  };
  for (const scope of Object.keys(SCOPE_NAMES_ZH) as Scope[])
    out.push(`| ${scope === 'none' ? '—' : `${scope} ${SCOPE_NAMES_ZH[scope]}`} | ${meanings[scope]} |`);
  out.push('');
  return out;
}

/** "What counts as allowed and refused": the answers the test reads as one or the other. */
function docAllowedAndRefused(): string[] {
  const out: string[] = [];
  out.push('## What counts as allowed and refused');
  out.push('');
  out.push(
    '- **Allowed**: a 2xx answer (or a redirect); or a 409 (a state conflict: the request was let in and the state said no — the',
  );
  out.push('  platform checks permission before state); or a code the row names under *passes*.');
  out.push(
    '- **Refused**: 401 (not signed in, session expired), 403 (`FORBIDDEN`, `OUT_OF_SCOPE`, `EVENT_NOT_ASSIGNED_TO_YOU`, `EVENT_HELD_AT_HIGHER_TIER`,',
  );
  out.push('  `MEDIATION_TASK_NOT_YOURS`, `FOLLOW_UP_BY_HANDLER` …); or, where a row names codes under *hides*, that');
  out.push(
    '  answer: the platform answers 404 for an event, jurisdiction, attachment, follow-up, task, notice or export',
  );
  out.push(
    '  outside the caller’s reach, as if it did not exist (imports report out-of-scope rows as row errors, 422).',
  );
  out.push('- Every route but those marked `public` answers 401 without a session.');
  out.push('');
  return out;
}

/** "What each role is sent": the fields an allowed answer leaves out for the caller, then the roles. */
function docWhatEachRoleIsSent(): string[] {
  const out: string[] = [];
  out.push('## What each role is sent');
  out.push('');
  out.push(
    'An allowed answer is shaped for the caller in one place (`core/events/event-view.ts`); a field the caller may not',
  );
  out.push('see is left out, not blanked:');
  out.push('');
  out.push(
    '- **A citizen on their own report** (detail, intake answer, an action’s answer, the list) gets what the tracking',
  );
  out.push(
    '  page shows — the report as made, its status and the steps with their times, their own numbers in clear and',
  );
  out.push(
    '  the tracking code — never the handlers’ names, phones or notes, deadlines or dispatch. The test checks every',
  );
  out.push('  answer to a citizen for any staff phone, staff name or note.');
  out.push(
    '- **Phones of the people doing the work** (an event’s assignees, a plan’s responsible person, a task’s member)',
  );
  out.push(
    '  go only to those who may call them — the event’s active handlers and the supervisors over it (the same rule',
  );
  out.push(
    '  as `GET /api/events/:id/contacts`) — and one’s own to oneself; not to a mediator or a cadre who only sees the',
  );
  out.push('  village’s events (`server/events/event-view.test.ts`).');
  out.push(
    '- **Reporters’ phones and ID numbers** are masked everywhere but to the reporter; clear only by the audited',
  );
  out.push('  `POST /api/events/:id/reporter/unmask`; none at all on an anonymous report.');
  out.push('- Routes whose cells say `self` name no target: the test asks them as each role and checks that nothing');
  out.push('  outside the caller’s scope (an event, person or department of another town or county) is in the answer.');
  out.push('');
  out.push('Roles: ' + ROLES.map((r) => `\`${r}\` ${ROLE_NAMES_ZH[r]}`).join(', ') + '.');
  return out;
}

/** One area's section: its routes × roles table, then the rows' notes and the codes they hide or pass. */
function docArea(area: string): string[] {
  const out: string[] = [];
  out.push('');
  out.push(`## ${area}`);
  out.push('');
  out.push(`| route | action | ${ROLES.map((r) => ROLE_NAMES_ZH[r]).join(' | ')} |`);
  out.push(`|---|---|${ROLES.map(() => '---').join('|')}|`);
  for (const row of PERMISSION_MATRIX.filter((r) => r.area === area)) {
    const cells = ROLES.map((r) => {
      const s = accessOf(row, r);
      return s === 'none' ? '—' : s;
    });
    out.push(`| \`${routeOf(row.key)}\` | ${row.action} | ${cells.join(' | ')} |`);
  }
  const notes = PERMISSION_MATRIX.filter((r) => r.area === area && (r.note || r.hides || r.passes));
  if (notes.length) {
    out.push('');
    for (const row of notes) {
      const parts = [
        row.note,
        row.hides ? `hides: ${row.hides.map((c) => `\`${c}\``).join(', ')}` : null,
        row.passes ? `passes: ${row.passes.map((c) => `\`${c}\``).join(', ')}` : null,
      ].filter(Boolean);
      out.push(`- \`${row.key}\` — ${parts.join('; ')}`);
    }
  }
  return out;
}
