import { Type } from 'typebox';
import { Num, PageQuery, RegionCodeSchema, Text, Version } from '../../platform/schemas.js';

const GridWorker = Type.Object({ userId: Type.String(), username: Type.String(), displayName: Type.String(), kind: Type.String() });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const GridView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  villageCode: Type.String(),
  kind: Type.String({ description: 'basic 基础网格 | dedicated 专属网格' }),
  subKind: Nullable(Type.String({ description: 'school | hospital | industrial_park | market' })),
  partyOrgName: Nullable(Type.String()),
  partyOrgKind: Nullable(Type.String({ description: 'branch 网格党支部 | group 党小组' })),
  status: Type.String({ description: 'active | retired' }),
  retiredInto: Nullable(Type.String()),
  version: Type.Integer(),
  centroid: Type.Array(Type.Number()),
  bbox: Type.Array(Type.Number()),
  workers: Type.Array(GridWorker),
});

const Polygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))) });

export const GridDetail = Type.Object({ ...GridView.properties, polygon: Polygon });

export const GridCodeParams = Type.Object({ code: Type.String({ pattern: '^\\d{15}$' }) });

export const ListGridsQuery = Type.Object({
  ...PageQuery,
  within: Type.Optional(RegionCodeSchema),
  q: Type.Optional(Text({ maxLength: 50 })),
  kind: Type.Optional(Type.Union([Type.Literal('basic'), Type.Literal('dedicated')])),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired'), Type.Literal('all')])),
});

/** An outline as sent by a client: checked in depth by grids.geometry.ts, which names the problem. */
const PolygonInput = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Num(), { minItems: 2, maxItems: 3 }), { maxItems: 2000 }), { minItems: 1, maxItems: 10 }),
});

const SubKind = Type.Union([Type.Literal('school'), Type.Literal('hospital'), Type.Literal('industrial_park'), Type.Literal('market')]);
const GridKind = Type.Union([Type.Literal('basic'), Type.Literal('dedicated')]);
const PartyOrgKind = Type.Union([Type.Literal('branch'), Type.Literal('group')]);
const Reason = Type.Optional(Nullable(Text({ maxLength: 500 })));

export const CreateGridBody = Type.Object({
  villageCode: Type.String({ pattern: '^\\d{12}$' }),
  code: Type.Optional(Type.String({ pattern: '^\\d{15}$' })),
  name: Text({ minLength: 1, maxLength: 50 }),
  kind: GridKind,
  subKind: Type.Optional(Nullable(SubKind)),
  partyOrgName: Type.Optional(Nullable(Text({ maxLength: 100 }))),
  partyOrgKind: Type.Optional(Nullable(PartyOrgKind)),
  polygon: PolygonInput,
  reason: Reason,
});

export const UpdateGridBody = Type.Object({
  version: Version,
  name: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  kind: Type.Optional(GridKind),
  subKind: Type.Optional(Nullable(SubKind)),
  partyOrgName: Type.Optional(Nullable(Text({ maxLength: 100 }))),
  partyOrgKind: Type.Optional(Nullable(PartyOrgKind)),
  polygon: Type.Optional(PolygonInput),
  reason: Reason,
});

const Point = Type.Array(Num(), { minItems: 2, maxItems: 2 });
export const SplitGridBody = Type.Object({
  version: Version,
  pieces: Type.Optional(Type.Array(Type.Object({ name: Type.Optional(Text({ minLength: 1, maxLength: 50 })), polygon: PolygonInput }), { minItems: 2, maxItems: 20 })),
  line: Type.Optional(Type.Array(Point, { minItems: 2, maxItems: 2 })),
  names: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 50 }), { maxItems: 2 })),
  reason: Text({ minLength: 1, maxLength: 500 }),
});

export const MergeGridsBody = Type.Object({
  codes: Type.Array(Type.String({ pattern: '^\\d{15}$' }), { minItems: 2, maxItems: 20, uniqueItems: true }),
  name: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  polygon: Type.Optional(PolygonInput),
  reason: Text({ minLength: 1, maxLength: 500 }),
});

const Overlap = Type.Object({ code: Type.String(), name: Type.String() });
export const GridWriteResult = Type.Object({ grid: GridDetail, overlaps: Type.Array(Overlap), overlapsOutsideScope: Type.Integer() });
export const SplitResult = Type.Object({ grids: Type.Array(GridDetail), buildingsMoved: Type.Integer(), householdsMoved: Type.Integer() });
export const MergeResult = Type.Object({
  grid: GridDetail,
  retired: Type.Array(Type.String()),
  buildingsMoved: Type.Integer(),
  householdsMoved: Type.Integer(),
  overlaps: Type.Array(Overlap),
  overlapsOutsideScope: Type.Integer(),
});
export const CheckOutlineBody = Type.Object({ polygon: PolygonInput, exceptCode: Type.Optional(Type.String({ pattern: '^\\d{15}$' })) });
export const CheckOutlineResult = Type.Object({
  valid: Type.Boolean(),
  problem: Nullable(Type.String()),
  problemEn: Nullable(Type.String()),
  overlaps: Type.Array(Overlap),
  overlapsOutsideScope: Type.Integer(),
});
export const PointQuery = Type.Object({ lon: Num({ minimum: -180, maximum: 180 }), lat: Num({ minimum: -90, maximum: 90 }) });
export const PointResult = Type.Object({ code: Type.String(), name: Type.String(), villageCode: Type.String() });
export const LineageEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  related: Type.Array(Type.String()),
  changed: Type.Array(Type.String()),
  reason: Nullable(Type.String()),
  actorName: Type.String(),
  at: Type.String(),
});
export const WorkerParams = Type.Object({ code: Type.String({ pattern: '^\\d{15}$' }), userId: Type.String({ format: 'uuid' }) });
export const AssignWorkerBody = Type.Object({ kind: Type.Union([Type.Literal('full_time'), Type.Literal('part_time'), Type.Literal('group_leader')]) });

export const DutyView = Type.Object({
  id: Type.String(),
  gridCode: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  basis: Nullable(Type.String()),
  status: Type.String({ description: 'pending | approved | rejected | removed' }),
  requestedByName: Type.String(),
  requestedAt: Type.String(),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  removedAt: Nullable(Type.String()),
  removedReason: Nullable(Type.String()),
});
export const DutyParams = Type.Object({ code: Type.String({ pattern: '^\\d{15}$' }), id: Type.String({ format: 'uuid' }) });
export const DutyQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('removed')])) });
export const RequestDutyBody = Type.Object({
  title: Text({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Nullable(Text({ maxLength: 2000 }))),
  basis: Type.Optional(Nullable(Text({ maxLength: 500 }))),
});
export const DecideDutyBody = Type.Object({ note: Type.Optional(Nullable(Text({ maxLength: 500 }))) });
export const RemoveDutyBody = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) });

export const GeoJsonQuery = Type.Object({ within: RegionCodeSchema });

export const GridFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      properties: Type.Object({ code: Type.String(), name: Type.String(), villageCode: Type.String(), villageName: Type.String(), kind: Type.String() }),
      geometry: Polygon,
    }),
  ),
});
