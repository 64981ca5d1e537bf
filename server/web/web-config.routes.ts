/**
 * What the web app needs to know about this installation at run time, so that changing it needs a
 * restart, not a rebuild: today the map's optional raster basemap (MAP_TILES …, server/config.ts).
 *
 *   GET /api/config/map → { basemap: { tiles, subdomains, crs, attribution, maxZoom, tileSize } | null }
 *
 * Staff only, like the boundaries the map draws: a tile URL often carries the installation's key
 * (天地图's `tk=`), which the browser needs but the public pages do not.
 */
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { errors, type App } from '../http/contract.js';
import { MapConfig } from './web-config.schemas.js';

export async function webConfigRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get('/api/config/map', { schema: { response: { 200: MapConfig, ...errors('FORBIDDEN') } } }, async (request) => {
    const user = requireUser(request);
    if (user.role === 'citizen') fail('FORBIDDEN', 'the map is for staff');
    return { basemap: deps.config.mapTiles };
  });
}
