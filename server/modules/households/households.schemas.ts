import { refuseInAddress } from '../../platform/personal-data.js';
import { Type } from 'typebox';
import { Int, Num, PageQuery, RegionCodeSchema, RevealReason, Text, Timestamp, Version } from '../../platform/schemas.js';
import { HOUSEHOLD_TYPE_CODES, RELATION_CODES, RISK_LEVEL_CODES } from './households.config.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Text({ maxLength: max });
const Enum = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const HouseholdType = Enum(HOUSEHOLD_TYPE_CODES);
const Relation = Enum(RELATION_CODES);
const RiskLevel = Enum(RISK_LEVEL_CODES);
const GridCode = Type.String({ pattern: '^\\d{15}$' });
const Reason = Type.Optional(Nullable(Str(500)));
const Lon = Num({ minimum: -180, maximum: 180 });
const Lat = Num({ minimum: -90, maximum: 90 });

/** Masked: ID numbers and phones never leave the server in clear except through the reveal endpoint. */
export const PersonView = Type.Object({
  id: Type.String(),
  householdId: Nullable(Type.String()),
  gridCode: Type.String(),
  name: Type.String(),
  relation: Nullable(Type.String()),
  idNumber: Nullable(Type.String({ description: 'masked, e.g. 360802********1234' })),
  phone: Nullable(Type.String({ description: 'masked, e.g. 138****5678' })),
  birthDate: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  sex: Nullable(Type.String()),
  status: Type.String(),
  userId: Nullable(Type.String()),
  version: Type.Integer(),
});

export const PersonDetail = Type.Object({
  ...PersonView.properties,
  residences: Type.Array(
    Type.Object({
      householdId: Type.String(),
      address: Type.String(),
      gridCode: Type.String(),
      relation: Nullable(Type.String()),
      joinedAt: Timestamp,
      leftAt: Nullable(Timestamp),
      reason: Nullable(Type.String()),
    }),
  ),
});

export const HouseholdView = Type.Object({
  id: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  addressKind: Type.String(),
  address: Type.String(),
  buildingId: Nullable(Type.String()),
  buildingCode: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  floor: Nullable(Type.Integer()),
  room: Nullable(Type.String()),
  villageGroup: Nullable(Type.String()),
  houseNumber: Nullable(Type.String()),
  type: Type.String(),
  tags: Type.Array(Type.String()),
  riskLevel: Type.String(),
  riskNotes: Nullable(Type.String()),
  headPersonId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  memberCount: Type.Integer(),
  visitIntervalDays: Type.Integer(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  status: Type.String(),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const HouseholdDetail = Type.Object({ ...HouseholdView.properties, members: Type.Array(PersonView) });

export const ListHouseholdsQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Text({ maxLength: 50, description: 'a member’s name (prefix), full ID number or full phone number' })),
  address: Type.Optional(Str(100)),
  within: Type.Optional(RegionCodeSchema),
  gridCode: Type.Optional(GridCode),
  buildingId: Type.Optional(Type.String({ format: 'uuid' })),
  type: Type.Optional(HouseholdType),
  tag: Type.Optional(Str(32)),
  riskLevel: Type.Optional(RiskLevel),
  status: Type.Optional(Enum(['active', 'archived', 'all'])),
});

/**
 * A full ID number or phone in an address would be written to every proxy's access log on the way:
 * the search by them is a POST (/households/search, /households/export.xlsx) and an address carrying
 * one is refused. A name (no digits) may stay in the address, where a list's state is bookmarked.
 */
export function noPersonalDataInAddress<Q extends { q?: string }>(query: Q): Q {
  if (query.q && /\d{4}/.test(query.q)) {
    refuseInAddress('q', ['/api/households/search', '/api/households/export.xlsx']);
  }
  return query;
}

const HouseholdFields = {
  gridCode: Type.Optional(GridCode),
  buildingId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  unit: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 16 }))),
  floor: Type.Optional(Nullable(Int({ minimum: -5, maximum: 200 }))),
  room: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 16 }))),
  villageGroup: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 32 }))),
  houseNumber: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 32 }))),
  type: Type.Optional(HouseholdType),
  tags: Type.Optional(Type.Array(Str(32), { maxItems: 30, uniqueItems: true })),
  riskLevel: Type.Optional(RiskLevel),
  riskNotes: Type.Optional(Nullable(Str(2000))),
  lon: Type.Optional(Nullable(Lon)),
  lat: Type.Optional(Nullable(Lat)),
};

export const CreateHouseholdBody = Type.Object({ addressKind: Enum(['building', 'village']), ...HouseholdFields, reason: Reason });

export const UpdateHouseholdBody = Type.Object({
  version: Version,
  addressKind: Type.Optional(Enum(['building', 'village'])),
  ...HouseholdFields,
  status: Type.Optional(Enum(['active', 'archived'])),
  reason: Reason,
});

const PersonFields = {
  relation: Type.Optional(Nullable(Relation)),
  idNumber: Type.Optional(Nullable(Text({ maxLength: 32 }))),
  phone: Type.Optional(Nullable(Text({ maxLength: 32 }))),
  birthDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  sex: Type.Optional(Nullable(Enum(['male', 'female']))),
};

export const CreatePersonBody = Type.Object({ name: Text({ minLength: 1, maxLength: 50 }), ...PersonFields, reason: Reason });

export const UpdatePersonBody = Type.Object({
  version: Version,
  name: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
  ...PersonFields,
  userId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  reason: Reason,
});

export const MovePersonBody = Type.Object({
  version: Version,
  householdId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  relation: Type.Optional(Nullable(Relation)),
  status: Type.Optional(Enum(['moved_out', 'deceased'])),
  reason: Reason,
});

export const RevealBody = Type.Object({ field: Enum(['idNumber', 'phone']), reason: RevealReason });
export const RevealResponse = Type.Object({ field: Type.String(), value: Nullable(Type.String()) });

const Display = Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]));
export const ChangeView = Type.Object({
  id: Type.Integer(),
  entityType: Type.String(),
  entityId: Type.String(),
  householdId: Nullable(Type.String()),
  version: Type.Integer(),
  action: Type.String(),
  changes: Type.Array(Type.Object({ field: Type.String(), before: Display, after: Display })),
  reason: Nullable(Type.String()),
  revertOf: Nullable(Type.Integer()),
  importJobId: Nullable(Type.String()),
  actorName: Type.String(),
  at: Timestamp,
});

export const RevertBody = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) });
export const ChangeIdParams = Type.Object({ id: Int({ minimum: 1 }) });

export const EventView = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  source: Type.String(),
  kind: Type.String(),
  summary: Type.String(),
  refType: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  actorName: Nullable(Type.String()),
});
export const TimelineQuery = Type.Object({ ...PageQuery, source: Type.Optional(Str(16)) });

export const TagView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  vulnerable: Type.Boolean(),
  active: Type.Boolean(),
  sort: Type.Integer(),
});
export const TagCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$' }) });
export const PutTagBody = Type.Object({
  name: Text({ minLength: 1, maxLength: 20 }),
  nameEn: Text({ minLength: 1, maxLength: 60 }),
  vulnerable: Type.Boolean(),
  active: Type.Boolean(),
  sort: Int({ minimum: 0, maximum: 10000 }),
});

export const VisitRule = Type.Object({
  householdType: Nullable(HouseholdType),
  tagCode: Nullable(Str(32)),
  riskLevel: Nullable(RiskLevel),
  intervalDays: Int({ minimum: 1, maximum: 3660 }),
  note: Nullable(Str(200)),
});
export const PutVisitRulesBody = Type.Object({ rules: Type.Array(VisitRule, { minItems: 1, maxItems: 200 }) });

export const Vocabulary = Type.Object({
  householdTypes: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
  relations: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
  riskLevels: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
});
