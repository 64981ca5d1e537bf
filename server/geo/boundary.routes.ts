/**
 * 边界: the jurisdictions' boundaries as GeoJSON for the map — one level (towns, villages or grids)
 * within a part of the caller's subtree.
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { canSeeJurisdiction } from '../../core/access/current-user.js';
import { assertDivisionCode } from '../../core/organisation/division-code.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { BoundaryCollection, BoundaryQuery, type Geometry } from './boundary.schemas.js';

export async function boundaryRoutes(app: App, deps: AppDeps): Promise<void> {
  const org = new OrganisationRepository(deps.db);

  const options = {
    schema: {
      querystring: BoundaryQuery,
      response: {
        200: BoundaryCollection,
        ...errors('FORBIDDEN', 'OUT_OF_SCOPE', 'JURISDICTION_CODE_INVALID'),
      },
    },
  };
  app.get('/api/geo/boundaries', options, async (request) => {
    const user = requireUser(request);
    if (user.role === 'citizen') fail('FORBIDDEN', 'citizens do not browse the organisation');
    const query = request.query;
    const within = query.within ?? user.jurisdictionCode;
    if (!canSeeJurisdiction(user, within)) fail('OUT_OF_SCOPE', `${within} is outside your jurisdiction`);
    const withinLevel = assertDivisionCode(within);
    const rows = await org.boundaries({ code: within, level: withinLevel }, query.level, query.limit ?? 25000);
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.code,
        // only rows with a boundary are read, and a boundary is a geometry checked on import
        geometry: r.boundary as Geometry,
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
