/**
 * Roles (角色) and responsibility duties (责任). A role says what kind of user someone is; a duty
 * binds a person to a village or grid ("3+N" 包村, 包抓) so that events there reach them.
 */

export const ROLES = [
  'citizen', // 群众
  'grid_worker', // 网格员
  'grid_head', // 网格长
  'village_secretary', // 村(社区)党组织书记
  'village_leader', // 包村领导
  'village_team_member', // 包村工作队队员
  'community_police', // 社区民警
  'department_staff', // 部门工作人员
  'town_operator', // 镇(街)综治中心
  'county_operator', // 县指挥中心
  'leader', // 县级领导
  'mediator', // 调解员
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES_ZH: Record<Role, string> = {
  citizen: '群众',
  grid_worker: '网格员',
  grid_head: '网格长',
  village_secretary: '村党组织书记',
  village_leader: '包村领导',
  village_team_member: '包村工作队队员',
  community_police: '社区民警',
  department_staff: '部门工作人员',
  town_operator: '镇综治中心',
  county_operator: '县指挥中心',
  leader: '县级领导',
  mediator: '调解员',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Operators of a command centre (指挥中心 / 综治中心): they dispatch, verify and close. */
export const CENTRE_ROLES: readonly Role[] = ['town_operator', 'county_operator'];

/** Duties that bind a person to a village ("3+N") or a grid. */
export const VILLAGE_DUTIES = ['leader_in_charge', 'party_secretary', 'community_police', 'team_member'] as const;
export const GRID_DUTIES = ['grid_head', 'grid_worker'] as const;
export type VillageDuty = (typeof VILLAGE_DUTIES)[number];
export type GridDuty = (typeof GRID_DUTIES)[number];
export type Duty = VillageDuty | GridDuty;

export const DUTY_NAMES_ZH: Record<Duty, string> = {
  leader_in_charge: '包村领导',
  party_secretary: '村党组织书记',
  community_police: '社区民警',
  team_member: '包村工作队队员',
  grid_head: '网格长',
  grid_worker: '网格员',
};

export function isDuty(value: string): value is Duty {
  return (VILLAGE_DUTIES as readonly string[]).includes(value) || (GRID_DUTIES as readonly string[]).includes(value);
}

/** Which jurisdiction level a duty binds to. */
export function dutyLevel(duty: Duty): 'village' | 'grid' {
  return (GRID_DUTIES as readonly string[]).includes(duty) ? 'grid' : 'village';
}

/** The levels a person of each role may belong to. */
export const ROLE_LEVELS: Record<Role, readonly ('county' | 'town' | 'village' | 'grid')[]> = {
  citizen: ['county', 'town', 'village', 'grid'],
  grid_worker: ['grid', 'village'],
  grid_head: ['grid', 'village'],
  village_secretary: ['village'],
  village_leader: ['village', 'town', 'county'],
  village_team_member: ['village', 'town', 'county'],
  community_police: ['village', 'town'],
  department_staff: ['county', 'town'],
  town_operator: ['town'],
  county_operator: ['county'],
  leader: ['county', 'town'],
  mediator: ['village', 'town', 'county'],
};
