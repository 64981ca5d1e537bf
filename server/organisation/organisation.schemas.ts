/**
 * The contract of the organisation routes (organisation.routes.ts, account-admin.routes.ts): what the
 * jurisdiction tree, people, departments, the taxonomy and the citizens' place list take and answer.
 * The web app imports the types, so this file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import { ROLES } from '../../core/access/roles.js';
import { EVENT_TYPES } from '../../core/events/event-catalog.js';
import { LEVELS } from '../../core/organisation/division-code.js';
import { DivisionCode, Instant, Nullable, RowId, Text, literalUnion } from '../http/schema-primitives.js';

const Level = literalUnion(LEVELS);
const CategoryCode = Type.String({ pattern: '^[a-z0-9_.-]{1,64}$' });

// ---- requests ----

export const CodeParams = Type.Object({ code: DivisionCode });

export const PeopleQuery = Type.Object(
  {
    jurisdiction: Type.Optional(DivisionCode),
    role: Type.Optional(literalUnion(ROLES)),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

/** `parent` is checked in the handler, so a malformed code answers JURISDICTION_CODE_INVALID like every other code. */
export const PublicPlacesQuery = Type.Object(
  { parent: Type.Optional(Type.String({ maxLength: 32 })) },
  { additionalProperties: false },
);

export const CategoryBody = Type.Object(
  {
    code: CategoryCode,
    parentCode: Type.Optional(CategoryCode),
    eventType: literalUnion(EVENT_TYPES),
    nameZh: Text(50, 1),
    nameEn: Text(100, 1),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export type CategoryBody = Static<typeof CategoryBody>;

export const CategoryPatch = Type.Object(
  {
    nameZh: Type.Optional(Text(50, 1)),
    nameEn: Type.Optional(Text(100, 1)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CategoryPatch = Static<typeof CategoryPatch>;

export const CategoryParams = Type.Object({ code: CategoryCode });

/** A person whose account a command centre manages (account-admin.routes.ts). */
export const PersonParams = Type.Object({ id: RowId });

// ---- answers ----

/** GET /api/jurisdictions/:code: a place, its children, and the people bound to it ("3+N", grid owners). */
export const JurisdictionAnswer = Type.Object({
  jurisdiction: Type.Object({
    code: Type.String(),
    parentCode: Nullable(Type.String()),
    level: Level,
    kind: Type.String(),
    name: Type.String(),
    centroid: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number() })),
    households: Nullable(Type.Integer()),
  }),
  children: Type.Array(
    Type.Object({
      code: Type.String(),
      level: Level,
      kind: Type.String(),
      name: Type.String(),
      households: Nullable(Type.Integer()),
      childCount: Type.Integer(),
    }),
  ),
  responsible: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      role: Type.String(),
      roleName: Type.String(),
      duty: Type.String(),
      dutyName: Type.String(),
      /** The phone as stored, for staff who may see this place (the read is audited). */
      phone: Nullable(Type.String()),
    }),
  ),
});
export type JurisdictionAnswer = Static<typeof JurisdictionAnswer>;

/** GET /api/jurisdictions: the caller's own jurisdiction and its children, where a tree starts. */
export const JurisdictionRootAnswer = Type.Object({
  root: Nullable(Type.Object({ code: Type.String(), level: Level, name: Type.String() })),
  children: Type.Array(
    Type.Object({
      code: Type.String(),
      level: Level,
      kind: Type.String(),
      name: Type.String(),
      childCount: Type.Integer(),
    }),
  ),
});
export type JurisdictionRootAnswer = Static<typeof JurisdictionRootAnswer>;

/** One person as the people list shows them. */
export const PersonRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  roleName: Type.String(),
  phone: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  jurisdictionName: Nullable(Type.String()),
  department: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) })),
  username: Nullable(Type.String()),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  /** Locked out of signing in until then (wrong passwords); null when not locked now. */
  lockedUntil: Nullable(Instant),
});
export type PersonRow = Static<typeof PersonRow>;

/** GET /api/people: one page of the people of a subtree. */
export const PeoplePage = Type.Object({
  items: Type.Array(PersonRow),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type PeoplePage = Static<typeof PeoplePage>;

/** GET /api/departments */
export const DepartmentList = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), jurisdictionCode: Type.String() }),
  ),
});
export type DepartmentList = Static<typeof DepartmentList>;

/** An event category: a domain (no parent) or an aspect of one. */
export const Category = Type.Object({
  code: Type.String(),
  parentCode: Nullable(Type.String()),
  eventType: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});
export type Category = Static<typeof Category>;

/** GET /api/categories, GET /api/public/categories (active ones only). */
export const CategoryList = Type.Object({ items: Type.Array(Category) });
export type CategoryList = Static<typeof CategoryList>;

/** POST /api/categories, PATCH /api/categories/:code */
export const CategoryAnswer = Type.Object({ category: Category });
export type CategoryAnswer = Static<typeof CategoryAnswer>;

/** A place a citizen may name (counties, towns, villages — never grids). */
export const PublicPlace = Type.Object({ code: Type.String(), name: Type.String(), level: Level });
export type PublicPlace = Static<typeof PublicPlace>;

/** GET /api/public/places: the places under `parent` (the counties when there is none). */
export const PublicPlaceList = Type.Object({
  parent: Nullable(PublicPlace),
  items: Type.Array(Type.Object({ ...PublicPlace.properties, hasChildren: Type.Boolean() })),
});
export type PublicPlaceList = Static<typeof PublicPlaceList>;

/** A person's sign-in as a command centre manages it (账号管理). */
export const ManagedAccount = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  username: Nullable(Type.String()),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lockedUntil: Nullable(Instant),
});
export type ManagedAccount = Static<typeof ManagedAccount>;

/** POST /api/people/:id/password-reset: the temporary password, shown in this answer only. */
export const PasswordResetAnswer = Type.Object({ account: ManagedAccount, temporaryPassword: Type.String() });
export type PasswordResetAnswer = Static<typeof PasswordResetAnswer>;

/** POST /api/people/:id/unlock: `cleared` says whether there were wrong passwords to forget. */
export const UnlockAnswer = Type.Object({ account: ManagedAccount, cleared: Type.Boolean() });
export type UnlockAnswer = Static<typeof UnlockAnswer>;

/** POST /api/people/:id/deactivate, POST /api/people/:id/reactivate */
export const AccountAnswer = Type.Object({ account: ManagedAccount });
export type AccountAnswer = Static<typeof AccountAnswer>;
