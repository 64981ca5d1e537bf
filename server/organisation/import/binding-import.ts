/**
 * 责任绑定导入: responsibility bindings ("3+N" village teams, grid owners) from a spreadsheet.
 * The row checks and the plan, without a database.
 */
import {
  DUTY_NAMES_ZH,
  GRID_DUTIES,
  VILLAGE_DUTIES,
  dutyLevel,
  isDuty,
  type Duty,
} from '../../../core/access/roles.js';
import { isWithin, levelOfCode, type JurisdictionLevel } from '../../../core/organisation/division-code.js';
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

export type BindingField = 'jurisdiction_code' | 'duty' | 'username' | 'phone' | 'name';

export const BINDING_COLUMNS: readonly ColumnSpec<BindingField>[] = [
  { field: 'jurisdiction_code', headers: ['jurisdiction_code', '辖区代码', '辖区编码', '区划代码'] },
  { field: 'duty', headers: ['duty', '职责'] },
  { field: 'username', headers: ['username', '用户名', '账号'] },
  { field: 'phone', headers: ['phone', '手机号', '手机号码', '手机', '联系电话'] },
  { field: 'name', headers: ['name', '姓名'] },
];

export const BINDING_REQUIRED_COLUMNS: readonly (readonly BindingField[])[] = [
  ['jurisdiction_code'],
  ['duty'],
  ['username', 'phone'],
];

const ALL_DUTIES: readonly Duty[] = [...VILLAGE_DUTIES, ...GRID_DUTIES];
const DUTY_BY_NAME: ReadonlyMap<string, Duty> = new Map(
  ALL_DUTIES.flatMap((duty) => [
    [duty, duty],
    [compact(DUTY_NAMES_ZH[duty]), duty],
  ]),
);

/** A duty key (grid_worker) or its Chinese name (网格员). */
export function parseDuty(value: string): Duty | null {
  const duty = DUTY_BY_NAME.get(compact(value).toLowerCase());
  return duty && isDuty(duty) ? duty : null;
}

export interface ParsedBinding {
  row: number;
  jurisdictionCode: string;
  duty: Duty;
  username: string | null;
  phone: string | null;
  name: string | null;
}

export function parseBindingRecords(records: readonly TableRecord<BindingField>[]): {
  rows: ParsedBinding[];
  errors: RowError[];
} {
  const rows: ParsedBinding[] = [];
  const errors: RowError[] = [];
  for (const { row, values } of records) {
    const before = errors.length;
    const err = (field: BindingField | undefined, message: string) =>
      errors.push({ row, ...(field ? { field } : {}), message });

    const jurisdictionCode = values.jurisdiction_code ? cleanCode(values.jurisdiction_code) : '';
    if (!jurisdictionCode) err('jurisdiction_code', 'jurisdiction_code (辖区代码) is required');
    else if (!levelOfCode(jurisdictionCode)) {
      err('jurisdiction_code', `"${values.jurisdiction_code}" is not a 12-digit division code or 15-digit grid code`);
    }

    let duty: Duty | null = null;
    if (!values.duty) err('duty', 'duty (职责) is required');
    else {
      duty = parseDuty(values.duty);
      if (!duty) {
        err(
          'duty',
          `unknown duty (职责) "${values.duty}"; use one of ${ALL_DUTIES.map((d) => `${d}/${DUTY_NAMES_ZH[d]}`).join(', ')}`,
        );
      }
    }

    let username: string | null = null;
    let phone: string | null = null;
    if (values.username) {
      username = compact(values.username);
      if (!USERNAME_PATTERN.test(username))
        err('username', `username (用户名) "${values.username}" is not a valid username`);
    } else if (values.phone) {
      phone = cleanPhone(values.phone);
      if (!MOBILE_PATTERN.test(phone))
        err('phone', `phone (手机号) "${values.phone}" is not an 11-digit mainland mobile number`);
    } else {
      err(undefined, 'name the person by username (用户名) or phone (手机号)');
    }
    const name = values.name?.trim() || null;

    if (errors.length > before) continue;
    rows.push({ row, jurisdictionCode, duty: duty!, username, phone, name });
  }
  return { rows, errors };
}

export function bindingLookups(rows: readonly ParsedBinding[]) {
  return {
    jurisdictionCodes: [...new Set(rows.map((r) => r.jurisdictionCode))],
    usernames: [...new Set(rows.flatMap((r) => (r.username ? [r.username] : [])))],
    phones: [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))],
  };
}

export interface BindablePerson {
  id: number;
  name: string;
  role: string;
  jurisdiction_code: string;
  username: string | null;
  phone: string | null;
  active: boolean;
}

export interface BindingImportContext {
  scopeCode: string;
  jurisdictions: ReadonlyMap<string, { level: JurisdictionLevel }>;
  byUsername: ReadonlyMap<string, BindablePerson>;
  byPhone: ReadonlyMap<string, readonly BindablePerson[]>;
  /** bindingKey() of the bindings that already exist among those the file could add. */
  existing: ReadonlySet<string>;
}

export interface PlannedBinding {
  row: number;
  jurisdictionCode: string;
  personId: number;
  duty: Duty;
  /** Already bound (in the database or on an earlier row): nothing to write. */
  skip: boolean;
}

export function bindingKey(jurisdictionCode: string, personId: number, duty: string): string {
  return `${jurisdictionCode}|${personId}|${duty}`;
}

/**
 * Who an importer may bind to a jurisdiction of theirs: a person of their own subtree, or a
 * cadre placed above the jurisdiction (a county leader in charge of a village, 包村领导).
 */
function mayBind(person: BindablePerson, jurisdictionCode: string, scopeCode: string): boolean {
  return isWithin(person.jurisdiction_code, scopeCode) || isWithin(jurisdictionCode, person.jurisdiction_code);
}

export function planBindings(
  rows: readonly ParsedBinding[],
  ctx: BindingImportContext,
): { errors: RowError[]; plan: PlannedBinding[] } {
  const errors: RowError[] = [];
  const plan: PlannedBinding[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const before = errors.length;
    const err = (field: BindingField | undefined, message: string) =>
      errors.push({ row: r.row, ...(field ? { field } : {}), message });

    const place = ctx.jurisdictions.get(r.jurisdictionCode);
    if (!isWithin(r.jurisdictionCode, ctx.scopeCode)) {
      err('jurisdiction_code', `${r.jurisdictionCode} is outside your jurisdiction ${ctx.scopeCode}`);
    } else if (!place) {
      err('jurisdiction_code', `no jurisdiction ${r.jurisdictionCode}; import it first`);
    } else if (place.level !== dutyLevel(r.duty)) {
      err(
        'duty',
        `${DUTY_NAMES_ZH[r.duty]} (${r.duty}) is a ${dutyLevel(r.duty)} duty, but ${r.jurisdictionCode} is a ${place.level}`,
      );
    }

    let person: BindablePerson | null = null;
    if (r.username) {
      const found = ctx.byUsername.get(r.username);
      if (!found || !mayBind(found, r.jurisdictionCode, ctx.scopeCode)) {
        err('username', `no person with username "${r.username}" in your jurisdiction`);
      } else if (r.name && found.name !== r.name) {
        err('name', `username "${r.username}" belongs to ${found.name}, not ${r.name}`);
      } else person = found;
    } else if (r.phone) {
      const candidates = (ctx.byPhone.get(r.phone) ?? []).filter(
        (p) => p.active && mayBind(p, r.jurisdictionCode, ctx.scopeCode) && (!r.name || p.name === r.name),
      );
      if (candidates.length === 0) {
        err('phone', `no person with phone ${r.phone}${r.name ? ` named ${r.name}` : ''} in your jurisdiction`);
      } else if (candidates.length > 1) {
        err(
          'phone',
          `${candidates.length} people have phone ${r.phone}; add name (姓名) or username (用户名) to say which one`,
        );
      } else person = candidates[0];
    }
    if (person) {
      if (!person.active) err(r.username ? 'username' : 'phone', `${person.name} is deactivated`);
      else if (person.role === 'citizen')
        err(r.username ? 'username' : 'phone', `${person.name} is a citizen (群众) and cannot hold a duty`);
    }

    if (errors.length > before || !person) continue;
    const key = bindingKey(r.jurisdictionCode, person.id, r.duty);
    const skip = ctx.existing.has(key) || seen.has(key);
    seen.add(key);
    plan.push({ row: r.row, jurisdictionCode: r.jurisdictionCode, personId: person.id, duty: r.duty, skip });
  }
  return { errors, plan };
}
