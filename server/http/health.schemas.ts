/** GET /api/health's answer: the process is up and which database it runs on. */
import { Type, type Static } from 'typebox';
import { literalUnion } from './schema-primitives.js';

export const HealthAnswer = Type.Object({ ok: Type.Literal(true), db: literalUnion(['pglite', 'postgres']) });
export type HealthAnswer = Static<typeof HealthAnswer>;
