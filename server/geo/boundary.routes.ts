/**
 * 边界: the jurisdictions' boundaries as GeoJSON for the map — one level (towns, villages or grids)
 * within a part of the caller's subtree.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { canSeeJurisdiction } from '../../core/access/current-user.js';
import { assertDivisionCode, type JurisdictionLevel } from '../../core/organisation/division-code.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';

const LevelEnum = Type.Union([
  Type.Literal('county'),
  Type.Literal('town'),
  Type.Literal('village'),
  Type.Literal('grid'),
]);
const BoundaryQuery = Type.Object(
  {
    level: LevelEnum,
    within: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
  },
  { additionalProperties: false },
);

export async function boundaryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const org = new OrganisationRepository(deps.db);

  app.get('/api/geo/boundaries', { schema: { querystring: BoundaryQuery } }, async (request) => {
    const user = requireUser(request);
    if (user.role === 'citizen') fail('FORBIDDEN', 'citizens do not browse the organisation');
    const query = request.query as Static<typeof BoundaryQuery>;
    const within = query.within ?? user.jurisdictionCode;
    if (!canSeeJurisdiction(user, within)) fail('OUT_OF_SCOPE', `${within} is outside your jurisdiction`);
    const withinLevel = assertDivisionCode(within);
    const rows = await org.boundaries(
      { code: within, level: withinLevel },
      query.level as JurisdictionLevel,
      query.limit ?? 25000,
    );
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        id: r.code,
        geometry: r.boundary,
        properties: {
          code: r.code,
          parentCode: r.parent_code,
          level: r.level,
          kind: r.kind,
          name: r.name,
          households: r.households,
        },
      })),
    };
  });
}
