/**
 * 人员导入: people from a spreadsheet. The row checks and the upsert plan, without a database:
 * the service looks up what the file refers to and hands it in.
 */
import { ROLES, ROLE_LEVELS, ROLE_NAMES_ZH, isRole, type Role } from '../../../core/access/roles.js';
import { isWithin, levelOfCode, type JurisdictionLevel } from '../../../core/organisation/division-code.js';
import { checkPassword, describePasswordProblems } from '../../../core/access/password-policy.js';
import type { RowError } from './import-report.js';
import {
  MOBILE_PATTERN,
  USERNAME_PATTERN,
  cleanCode,
  cleanPhone,
  compact,
  type ColumnSpec,
  type TableRecord,
} from './table-import.js';

export type PersonField = 'name' | 'phone' | 'role' | 'jurisdiction_code' | 'department_code' | 'username' | 'password';

export const PEOPLE_COLUMNS: readonly ColumnSpec<PersonField>[] = [
  { field: 'name', headers: ['name', '姓名'] },
  { field: 'phone', headers: ['phone', '手机号', '手机号码', '手机', '联系电话'] },
  { field: 'role', headers: ['role', '角色'] },
  { field: 'jurisdiction_code', headers: ['jurisdiction_code', '辖区代码', '辖区编码', '区划代码'] },
  { field: 'department_code', headers: ['department_code', '部门代码', '部门编码'] },
  { field: 'username', headers: ['username', '用户名', '账号'] },
  { field: 'password', headers: ['password', '初始密码', '密码'] },
];

export const PEOPLE_REQUIRED_COLUMNS: readonly (readonly PersonField[])[] = [['name'], ['role'], ['jurisdiction_code']];

export const MAX_PERSON_NAME_LENGTH = 100;

const ROLE_BY_NAME: ReadonlyMap<string, Role> = new Map(
  ROLES.flatMap((role) => [
    [role, role],
    [compact(ROLE_NAMES_ZH[role]), role],
  ]),
);

/** A role key (grid_worker) or its Chinese name (网格员). */
export function parseRole(value: string): Role | null {
  const key = compact(value).toLowerCase();
  const role = ROLE_BY_NAME.get(key) ?? ROLE_BY_NAME.get(compact(value));
  return role && isRole(role) ? role : null;
}

/** A row that passed the checks that need nothing but the row. */
export interface ParsedPerson {
  row: number;
  name: string;
  phone: string | null;
  role: Role;
  jurisdictionCode: string;
  departmentCode: string | null;
  username: string | null;
  password: string | null;
}

export interface ParsedPeople {
  rows: ParsedPerson[];
  errors: RowError[];
}

export function parsePeopleRecords(records: readonly TableRecord<PersonField>[]): ParsedPeople {
  const rows: ParsedPerson[] = [];
  const errors: RowError[] = [];
  for (const { row, values } of records) {
    const before = errors.length;
    const err = (field: PersonField, message: string) => errors.push({ row, field, message });

    const name = (values.name ?? '').trim();
    if (!name) err('name', 'name (姓名) is required');
    else if ([...name].length > MAX_PERSON_NAME_LENGTH)
      err('name', `name (姓名) is longer than ${MAX_PERSON_NAME_LENGTH} characters`);

    let phone: string | null = null;
    if (values.phone) {
      phone = cleanPhone(values.phone);
      if (!MOBILE_PATTERN.test(phone))
        err('phone', `phone (手机号) "${values.phone}" is not an 11-digit mainland mobile number`);
    }

    let role: Role | null = null;
    if (!values.role) err('role', 'role (角色) is required');
    else {
      role = parseRole(values.role);
      if (!role)
        err(
          'role',
          `unknown role (角色) "${values.role}"; use a role key such as grid_worker or its Chinese name such as 网格员`,
        );
    }

    const jurisdictionCode = values.jurisdiction_code ? cleanCode(values.jurisdiction_code) : '';
    if (!jurisdictionCode) err('jurisdiction_code', 'jurisdiction_code (辖区代码) is required');
    else if (!levelOfCode(jurisdictionCode)) {
      err('jurisdiction_code', `"${values.jurisdiction_code}" is not a 12-digit division code or 15-digit grid code`);
    }

    const departmentCode = values.department_code ? compact(values.department_code) : null;
    if (role === 'department_staff' && !departmentCode) {
      err('department_code', 'department_code (部门代码) is required for department staff (部门工作人员)');
    }

    let username: string | null = null;
    if (values.username) {
      username = compact(values.username);
      if (!USERNAME_PATTERN.test(username)) {
        err('username', `username (用户名) "${values.username}" must be 3–32 lowercase letters, digits or _ . -`);
      }
    }

    const password = values.password ?? null;
    if (password !== null) {
      // the platform's password policy (密码策略), as for a person's own change
      const problems = checkPassword(password, { username });
      if (problems.length) err('password', `password (初始密码): ${describePasswordProblems(problems)}`);
      if (!username) err('password', 'a password (初始密码) needs a username (用户名) on the same row');
    }

    if (errors.length > before) continue;
    rows.push({ row, name, phone, role: role!, jurisdictionCode, departmentCode, username, password });
  }
  return { rows, errors };
}

/** What the service must look up for these rows. */
export function peopleLookups(rows: readonly ParsedPerson[]) {
  return {
    jurisdictionCodes: [...new Set(rows.map((r) => r.jurisdictionCode))],
    departmentCodes: [...new Set(rows.flatMap((r) => (r.departmentCode ? [r.departmentCode] : [])))],
    usernames: [...new Set(rows.flatMap((r) => (r.username ? [r.username] : [])))],
    names: [...new Set(rows.map((r) => r.name))],
  };
}

export interface ExistingPerson {
  id: number;
  name: string;
  phone: string | null;
  role: string;
  jurisdiction_code: string;
  username: string | null;
  active: boolean;
}

export interface PeopleImportContext {
  /** The importer's jurisdiction and id. */
  scopeCode: string;
  importerId: number;
  jurisdictions: ReadonlyMap<string, { level: JurisdictionLevel }>;
  departments: ReadonlyMap<string, { id: number; jurisdiction_code: string }>;
  /** People holding any username in the file. */
  byUsername: ReadonlyMap<string, ExistingPerson>;
  /** People whose name is in the file and whose jurisdiction is one the file names. */
  sameNameAndPlace: readonly ExistingPerson[];
}

export interface PlannedPerson {
  row: number;
  action: 'insert' | 'update';
  personId: number | null;
  name: string;
  phone: string | null;
  role: Role;
  jurisdictionCode: string;
  departmentId: number | null;
  /** Set on insert, or on update when an existing person without a login gets one. */
  username: string | null;
  /** The plain password to hash when a login is created; never set for an existing login. */
  password: string | null;
}

export interface PeoplePlan {
  errors: RowError[];
  plan: PlannedPerson[];
}

/** Upsert key of a person without a username: name, phone and jurisdiction. */
export function personKey(name: string, phone: string | null, jurisdictionCode: string): string {
  return `${name}\u0000${phone ?? ''}\u0000${jurisdictionCode}`;
}

/**
 * Decides insert or update for each row. A row with a username updates the person holding it,
 * else a person with the same name, phone and jurisdiction who has no login yet (who gets this
 * one), else inserts; a row without a username updates the person with the same name, phone and
 * jurisdiction, else inserts.
 */
export function planPeople(rows: readonly ParsedPerson[], ctx: PeopleImportContext): PeoplePlan {
  const errors: RowError[] = [];
  const plan: PlannedPerson[] = [];
  const byKey = new Map<string, ExistingPerson[]>();
  for (const p of ctx.sameNameAndPlace) {
    const key = personKey(p.name, p.phone, p.jurisdiction_code);
    const list = byKey.get(key) ?? [];
    list.push(p);
    byKey.set(key, list);
  }
  const usernameRow = new Map<string, number>();
  const keyRow = new Map<string, number>();
  const targetRow = new Map<number, number>();

  for (const r of rows) {
    const before = errors.length;
    const err = (field: PersonField | undefined, message: string) =>
      errors.push({ row: r.row, ...(field ? { field } : {}), message });

    const place = ctx.jurisdictions.get(r.jurisdictionCode);
    if (!isWithin(r.jurisdictionCode, ctx.scopeCode)) {
      err('jurisdiction_code', `${r.jurisdictionCode} is outside your jurisdiction ${ctx.scopeCode}`);
    } else if (!place) {
      err('jurisdiction_code', `no jurisdiction ${r.jurisdictionCode}; import it first`);
    } else if (!ROLE_LEVELS[r.role].includes(place.level)) {
      err(
        'jurisdiction_code',
        `a ${ROLE_NAMES_ZH[r.role]} (${r.role}) belongs to a ${ROLE_LEVELS[r.role].join(' or ')}, but ${r.jurisdictionCode} is a ${place.level}`,
      );
    }

    let departmentId: number | null = null;
    if (r.departmentCode) {
      const department = ctx.departments.get(r.departmentCode);
      if (!department) err('department_code', `no department with code "${r.departmentCode}"`);
      else if (!isWithin(r.jurisdictionCode, department.jurisdiction_code)) {
        err(
          'department_code',
          `department ${r.departmentCode} serves ${department.jurisdiction_code}, which does not include ${r.jurisdictionCode}`,
        );
      } else departmentId = department.id;
    }

    // Who the row is about.
    let target: ExistingPerson | null = null;
    let attachLogin = false;
    const key = personKey(r.name, r.phone, r.jurisdictionCode);
    if (r.username) {
      const earlier = usernameRow.get(r.username);
      if (earlier !== undefined) err('username', `username "${r.username}" is already used on row ${earlier}`);
      else usernameRow.set(r.username, r.row);
      const holder = ctx.byUsername.get(r.username);
      if (holder) {
        if (!isWithin(holder.jurisdiction_code, ctx.scopeCode))
          err('username', `username "${r.username}" is already taken`);
        else target = holder;
      } else {
        const matches = (byKey.get(key) ?? []).filter((p) => p.username === null);
        if (matches.length > 1) {
          err(
            undefined,
            `${matches.length} people without a login already have this name, phone and jurisdiction; tell them apart first`,
          );
        } else if (matches.length === 1) {
          target = matches[0];
          attachLogin = true;
        }
      }
      const creatingLogin = !holder;
      if (creatingLogin && r.password === null)
        err('password', `a new login "${r.username}" needs an initial password (初始密码)`);
    } else {
      const earlier = keyRow.get(key);
      if (earlier !== undefined) {
        err(
          undefined,
          `same name, phone and jurisdiction as row ${earlier}; add a username (用户名) to tell them apart`,
        );
      } else keyRow.set(key, r.row);
      const matches = byKey.get(key) ?? [];
      if (matches.length > 1) {
        err(
          undefined,
          `${matches.length} people already have this name, phone and jurisdiction; add their username (用户名) to say which one`,
        );
      } else if (matches.length === 1) target = matches[0];
    }

    if (target) {
      if (target.id === ctx.importerId) err(undefined, 'this row is your own account, which an import cannot change');
      const earlier = targetRow.get(target.id);
      if (earlier !== undefined) err(undefined, `row ${earlier} already updates the same person`);
      else targetRow.set(target.id, r.row);
    }

    if (errors.length > before) continue;
    plan.push({
      row: r.row,
      action: target ? 'update' : 'insert',
      personId: target?.id ?? null,
      name: r.name,
      phone: r.phone,
      role: r.role,
      jurisdictionCode: r.jurisdictionCode,
      departmentId,
      username: !target || attachLogin ? r.username : null,
      password: !target || attachLogin ? r.password : null,
    });
  }
  return { errors, plan };
}
