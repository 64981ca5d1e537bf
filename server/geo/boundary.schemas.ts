/**
 * The contract of the boundaries route (boundary.routes.ts): one level of jurisdictions within a part
 * of the caller's subtree, as a GeoJSON FeatureCollection for the map. The web app imports the types,
 * so this file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';
import { LEVELS } from '../../core/organisation/division-code.js';
import { DivisionCode, Nullable, literalUnion } from '../http/schema-primitives.js';

const Level = literalUnion(LEVELS);

export const BoundaryQuery = Type.Object(
  {
    level: Level,
    within: Type.Optional(DivisionCode),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
  },
  { additionalProperties: false },
);
export type BoundaryQuery = Static<typeof BoundaryQuery>;

/**
 * A GeoJSON geometry as stored (a Polygon or MultiPolygon, checked when it was imported): its
 * coordinates are sent as they are.
 */
export const Geometry = Type.Object(
  { type: Type.String(), coordinates: Type.Optional(Type.Unknown()) },
  { additionalProperties: true },
);
export type Geometry = Static<typeof Geometry>;

/** One jurisdiction's outline, its code as the feature's id. */
export const BoundaryFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Geometry,
  properties: Type.Object({
    code: Type.String(),
    parentCode: Nullable(Type.String()),
    level: Level,
    kind: Type.String(),
    name: Type.String(),
    households: Nullable(Type.Integer()),
  }),
});
export type BoundaryFeature = Static<typeof BoundaryFeature>;

/** GET /api/geo/boundaries */
export const BoundaryCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(BoundaryFeature),
});
export type BoundaryCollection = Static<typeof BoundaryCollection>;
