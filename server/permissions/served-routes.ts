/**
 * The routes an app serves, as `METHOD /path` keys (the permission matrix's form), read from
 * Fastify's route tree (printRoutes). HEAD and OPTIONS, which Fastify adds, are left out. The
 * permission and fuzz tests compare it with PERMISSION_MATRIX, so no route escapes either.
 */
import type { FastifyInstance } from 'fastify';

export function servedRoutes(app: FastifyInstance): Set<string> {
  const served = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m || !m[2]) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack[depth] = m[2];
    const joined = stack.join('');
    const full = joined.startsWith('/') ? joined : `/${joined}`; // the web app's catch-all prints as `*`
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD' && x !== 'OPTIONS'))
      served.add(`${method} ${full}`);
  }
  return served;
}
