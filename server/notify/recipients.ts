/**
 * 通知对象: who a notice is for — the one home of "a target to people". A person target is that
 * person (while active); a centre target is the centre's operators (镇/县综治中心); a department
 * target is its staff. Each person hears once, however many targets name them.
 *
 * A directory is loaded once for all the targets a piece of work may name (one query per kind,
 * the sweep's whole batch at once) and then answers per subset without further queries.
 */
import type { OrganisationRepository } from '../organisation/organisation.repository.js';

/** What an assignment or a notice names: a person, a command centre, or a department. */
export interface AssignmentTarget {
  personId?: number;
  centreCode?: string;
  departmentId?: number;
}

/** A person a notice goes to. */
export interface Recipient {
  id: number;
  name: string;
  phone: string | null;
}

/** A person to call about the work (the contacts of an event): a recipient and their role. */
export interface Contact extends Recipient {
  role: string | null;
}

export class RecipientDirectory {
  private constructor(
    private readonly people: ReadonlyMap<number, Recipient | Contact>,
    private readonly operatorsByCentre: ReadonlyMap<string, Contact[]>,
    private readonly staffByDepartment: ReadonlyMap<number, Contact[]>,
  ) {}

  /**
   * Looks up everyone the targets may name. `known` people (e.g. from the bindings a dispatch just
   * read, active by construction) are not looked up again.
   */
  static async load(
    org: OrganisationRepository,
    targets: readonly AssignmentTarget[],
    known: ReadonlyMap<number, Recipient> = new Map(),
  ): Promise<RecipientDirectory> {
    const centreCodes = unique(targets.flatMap((t) => (t.centreCode ? [t.centreCode] : [])));
    const departmentIds = unique(targets.flatMap((t) => (t.departmentId !== undefined ? [t.departmentId] : [])));
    const personIds = unique(targets.flatMap((t) => (t.personId !== undefined ? [t.personId] : []))).filter(
      (id) => !known.has(id),
    );
    const [operators, staff, people] = await Promise.all([
      org.centresOperators(centreCodes),
      org.departmentStaff(departmentIds),
      org.findPeople(personIds),
    ]);
    const operatorsByCentre = new Map<string, Contact[]>();
    for (const o of operators)
      operatorsByCentre.set(o.jurisdiction_code, [...(operatorsByCentre.get(o.jurisdiction_code) ?? []), o]);
    const staffByDepartment = new Map<number, Contact[]>();
    for (const s of staff)
      if (s.department_id !== null)
        staffByDepartment.set(s.department_id, [...(staffByDepartment.get(s.department_id) ?? []), s]);
    const found = new Map<number, Recipient | Contact>(known);
    for (const p of people) if (p.active) found.set(p.id, p);
    return new RecipientDirectory(found, operatorsByCentre, staffByDepartment);
  }

  /** The people the targets name, each once, in the targets' order. */
  recipientsOf(targets: readonly AssignmentTarget[]): Recipient[] {
    return this.resolve(targets).map(({ id, name, phone }) => ({ id, name, phone }));
  }

  /** The same people with their roles: whom to call about the work. */
  contactsOf(targets: readonly AssignmentTarget[]): Contact[] {
    return this.resolve(targets).map(({ id, name, phone, ...rest }) => ({
      id,
      name,
      phone,
      role: 'role' in rest ? (rest.role ?? null) : null,
    }));
  }

  private resolve(targets: readonly AssignmentTarget[]): (Recipient | Contact)[] {
    const out = new Map<number, Recipient | Contact>();
    for (const t of targets) {
      const person = t.personId !== undefined ? this.people.get(t.personId) : undefined;
      if (person) out.set(person.id, person);
      for (const o of t.centreCode ? (this.operatorsByCentre.get(t.centreCode) ?? []) : []) out.set(o.id, o);
      for (const s of t.departmentId !== undefined ? (this.staffByDepartment.get(t.departmentId) ?? []) : [])
        out.set(s.id, s);
    }
    return [...out.values()];
  }
}

/** The people `targets` name, each once (one directory for one use). */
export async function resolveRecipients(
  org: OrganisationRepository,
  targets: readonly AssignmentTarget[],
  known?: ReadonlyMap<number, Recipient>,
): Promise<Recipient[]> {
  return (await RecipientDirectory.load(org, targets, known)).recipientsOf(targets);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
