/**
 * How a request is named in the audit trail (审计日志), pure: the action is the method and the
 * route as registered — stable across ids — with the `:action` verb filled in
 * (`POST /api/events/:id/actions/resolve`); the target is the route's first parameter and the path
 * segment before it (`events` 42). Parameters that are credentials (a citizen's tracking token)
 * are never recorded; the other parameters are ids and codes, kept in `details.params`.
 */

/** Methods that change something: every request with one of these that reaches a route is recorded. */
export const WRITE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Parameter names whose values are secrets or personal data: left out of the record. */
const SECRET_PARAM = /token|secret|password|key|phone|id_?number/i;

export interface RequestDescription {
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The other parameters (ids, codes), or null. */
  params: Record<string, string> | null;
}

export function describeRequest(
  method: string,
  routeUrl: string,
  params: Record<string, unknown> | undefined,
): RequestDescription {
  const segments = routeUrl.split('?')[0]!.split('/').filter(Boolean);
  const values = params ?? {};
  const named = segments.map((s) => {
    if (s === ':action' && typeof values.action === 'string' && /^[a-z_-]{1,40}$/.test(values.action))
      return values.action;
    return s;
  });
  const action = `${method} /${named.join('/')}`;
  let targetType: string | null = null;
  let targetId: string | null = null;
  let targetParam: string | null = null;
  let lastStatic: string | null = null;
  for (const s of segments) {
    if (!s.startsWith(':') && !s.startsWith('*')) {
      lastStatic = s;
      continue;
    }
    const name = s.slice(1);
    if (name === 'action') continue;
    targetType = lastStatic;
    targetParam = name;
    targetId = SECRET_PARAM.test(name) ? null : stringOf(values[name]);
    break;
  }
  if (targetType === null) targetType = lastStatic === 'api' ? null : lastStatic;
  const rest: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === targetParam || name === 'action' || SECRET_PARAM.test(name)) continue;
    const text = stringOf(value);
    if (text !== null) rest[name] = text;
  }
  return { action, targetType, targetId, params: Object.keys(rest).length ? rest : null };
}

/** A parameter as recorded: short strings and numbers only (ids, codes, dates). */
function stringOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > 0) return value.slice(0, 64);
  return null;
}

/**
 * The id of what a write created, when its route has no id parameter: the answer's own `id`, or
 * the `id` (or `code`) of its one top-level object (`{ event: { id } }`, `{ category: { code } }`).
 */
export function createdTargetId(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const own = stringOf(record.id);
  if (own !== null) return own;
  for (const value of Object.values(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      const id = stringOf(inner.id) ?? stringOf(inner.code);
      if (id !== null) return id;
    }
  }
  return null;
}
