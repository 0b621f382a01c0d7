import { Type } from 'typebox';
import { Base64, Int, NullableTimestamp, Num, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'China date, YYYY-MM-DD' });

const VisitWindow = Type.Object({
  code: Type.String({ pattern: '^[a-z_]{1,16}$' }),
  name: Text({ minLength: 1, maxLength: 16 }),
  nameEn: Text({ minLength: 1, maxLength: 32 }),
  start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
});

const SettingsFields = {
  dailyQuota: Int({ minimum: 1, maximum: 100 }),
  cadreCoverageDays: Int({ minimum: 7, maximum: 366 }),
  farMeters: Int({ minimum: 50, maximum: 20_000 }),
  windows: Type.Array(VisitWindow, { minItems: 1, maxItems: 8 }),
  // A household type → a window code. propertyNames (not patternProperties) bounds the keys and survives into the OpenAPI document.
  typeWindows: Type.Unsafe<Record<string, string>>({
    type: 'object',
    propertyNames: { type: 'string', pattern: '^[a-z_]{1,24}$' },
    additionalProperties: Type.String({ pattern: '^[a-z_]{1,16}$' }),
    maxProperties: 50,
  }),
};
export const VisitSettings = Type.Object({ regionCode: Type.String(), ...SettingsFields });
export const PutSettingsBody = Type.Object(SettingsFields);
export const SettingsParams = Type.Object({ regionCode: Type.Union([RegionCodeSchema, Type.Literal('default')]) });
export const SettingsQuery = Type.Object({ regionCode: Type.Optional(Type.Union([RegionCodeSchema, Type.Literal('default')])) });

const MemberCard = Type.Object({
  name: Type.String(),
  relation: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  sex: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
});

export const HouseholdCard = Type.Object({
  id: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  address: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  tags: Type.Array(Type.String()),
  tagNames: Type.Array(Type.String()),
  vulnerable: Type.Boolean(),
  riskLevel: Type.String(),
  riskNotes: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  memberCount: Type.Integer(),
  members: Type.Array(MemberCard),
  visitIntervalDays: Type.Integer(),
  lastVisitAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  version: Type.Integer(),
});

const PlanItem = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  window: Type.String(),
  windowName: Type.String(),
  status: Type.String(),
  reason: Type.String(),
  reasonCodes: Type.Array(Type.String()),
  /** Visited ahead of schedule (提前走访): the household is not yet due on the plan's day. */
  ahead: Type.Boolean(),
  visitId: Nullable(Type.String()),
  swapReason: Nullable(Type.String()),
  household: HouseholdCard,
});

export const Plan = Type.Object({
  id: Type.String(),
  date: Type.String(),
  workerId: Type.String(),
  workerName: Type.String(),
  quota: Type.Integer(),
  workingDay: Type.Boolean(),
  items: Type.Array(PlanItem),
  counts: Type.Object({ planned: Type.Integer(), visited: Type.Integer(), nobodyHome: Type.Integer(), ahead: Type.Integer() }),
});

export const DateQuery = Type.Object({ date: Type.Optional(Day) });

/** One of the worker's own visits of the plan's day, for the phone's 今日已走访 list. */
const TodayVisit = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  householdId: Type.String(),
  householdAddress: Type.String(),
  planItemId: Nullable(Type.String()),
  checkInAt: Timestamp,
  outcome: Type.String(),
  finding: Type.String(),
  /** The appeal the visit raised, once registered. */
  appealNumber: Nullable(Type.String()),
  /** Why the appeal it raised could not be registered. */
  appealError: Nullable(Type.String()),
});

export const OfflinePackage = Type.Object({
  generatedAt: Timestamp,
  plan: Plan,
  /** The worker's own visits of the plan's day, planned or not, with the appeal each raised. */
  todayVisits: Type.Array(TodayVisit),
  households: Type.Array(HouseholdCard),
  categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  settings: VisitSettings,
});

export const GenerateBody = Type.Object({ date: Type.Optional(Day), workerId: Type.Optional(Type.String({ format: 'uuid' })) });
export const SwapParams = Type.Object({ planId: Type.String({ format: 'uuid' }), itemId: Type.String({ format: 'uuid' }) });
export const SwapBody = Type.Object({ householdId: Type.String({ format: 'uuid' }), reason: Text({ minLength: 1, maxLength: 200 }) });

export const PlanSummary = Type.Object({
  id: Type.String(),
  date: Type.String(),
  workerId: Type.String(),
  workerName: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  quota: Type.Integer(),
  planned: Type.Integer(),
  visited: Type.Integer(),
  nobodyHome: Type.Integer(),
  ahead: Type.Integer(),
});
export const PlansQuery = Type.Object({
  date: Type.Optional(Day),
  regionCode: Type.Optional(RegionCodeSchema),
  ...PageQuery,
});

export const VisitSubmission = Type.Object({
  clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  householdId: Type.String({ format: 'uuid' }),
  planItemId: Type.Optional(Type.String({ format: 'uuid' })),
  checkInAt: Timestamp,
  location: Type.Optional(Type.Object({ lon: Num({ minimum: -180, maximum: 180 }), lat: Num({ minimum: -90, maximum: 90 }), accuracy: Type.Optional(Num({ minimum: 0, maximum: 100_000 })) })),
  outcome: Type.Union([Type.Literal('met'), Type.Literal('nobody_home')]),
  metWith: Type.Optional(Text({ maxLength: 100 })),
  situation: Type.Optional(Text({ maxLength: 2000 })),
  finding: Type.Union([Type.Literal('nothing'), Type.Literal('on_spot'), Type.Literal('appeal'), Type.Literal('file_change'), Type.Literal('service'), Type.Literal('dispute')]),
  findingNote: Type.Optional(Text({ maxLength: 2000 })),
  serviceKind: Type.Optional(Type.Union([Type.Literal('fixed_point'), Type.Literal('home'), Type.Literal('proxy'), Type.Literal('assist')])),
  appeal: Type.Optional(Type.Object({ content: Text({ maxLength: 4000 }), categoryCode: Text({ maxLength: 32 }), urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')])) })),
  onSpot: Type.Optional(Type.Object({ content: Text({ maxLength: 4000 }), result: Text({ maxLength: 2000 }), categoryCode: Text({ maxLength: 32 }) })),
  fileChange: Type.Optional(
    Type.Object({
      version: Version,
      reason: Text({ maxLength: 500 }),
      patch: Type.Object({
        type: Type.Optional(Text({ maxLength: 24 })),
        tags: Type.Optional(Type.Array(Text({ maxLength: 32 }), { maxItems: 30 })),
        riskLevel: Type.Optional(Text({ maxLength: 8 })),
        riskNotes: Type.Optional(Nullable(Text({ maxLength: 2000 }))),
      }),
    }),
  ),
  dispute: Type.Optional(Type.Object({ summary: Text({ maxLength: 2000, description: '矛盾纠纷情况（邻里、家庭纠纷等） What the dispute is' }) })),
  photos: Type.Optional(Type.Array(Type.Object({ filename: Text({ maxLength: 200 }), mime: Text({ maxLength: 64 }), data: Base64(16_000_000, { description: 'base64 of the photo (at most 5 MiB decoded: larger is a 413)' }) }), { maxItems: 4 })),
});

export const Visit = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  householdId: Type.String(),
  householdAddress: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String({ description: '网格名称 The grid’s name' }),
  workerName: Type.String(),
  byCadre: Type.Boolean(),
  planItemId: Nullable(Type.String()),
  window: Nullable(Type.String()),
  checkInAt: Timestamp,
  receivedAt: Timestamp,
  outcome: Type.String(),
  metWith: Nullable(Type.String()),
  situation: Nullable(Type.String()),
  finding: Type.String(),
  findingNote: Nullable(Type.String()),
  serviceKind: Nullable(Type.String()),
  disputeSummary: Nullable(Type.String({ description: '矛盾排查：入户发现的矛盾纠纷 The dispute found at the door' })),
  mediationCaseId: Nullable(Type.String({ description: '由此转人民调解的案件 The mediation case opened from the visit' })),
  mediationCaseNumber: Nullable(Type.String()),
  appealId: Nullable(Type.String()),
  appealNumber: Nullable(Type.String()),
  appealError: Nullable(Type.String()),
  changeStatus: Nullable(Type.String()),
  conflict: Nullable(
    Type.Object({
      message: Type.String(),
      fields: Type.Array(Type.Object({ field: Type.String(), mine: Type.Unknown(), current: Type.Unknown() })),
    }),
  ),
  flags: Type.Array(Type.String()),
  distanceM: Nullable(Type.Integer()),
  photoCount: Type.Integer(),
  replayed: Type.Boolean(),
});

export const ResolveBody = Type.Object({ action: Type.Union([Type.Literal('apply'), Type.Literal('discard')]) });
export const PhotoParams = Type.Object({ id: Type.String({ format: 'uuid' }), seq: Int({ minimum: 1, maximum: 4 }) });

export const ListVisitsQuery = Type.Object({
  regionCode: Type.Optional(RegionCodeSchema),
  workerId: Type.Optional(Type.String({ format: 'uuid' })),
  householdId: Type.Optional(Type.String({ format: 'uuid' })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  outcome: Type.Optional(Type.Union([Type.Literal('met'), Type.Literal('nobody_home')])),
  finding: Type.Optional(Text({ maxLength: 16 })),
  flagged: Type.Optional(Type.Boolean()),
  ...PageQuery,
});

const PeriodQuery = {
  regionCode: Type.Optional(RegionCodeSchema),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};

export const CoverageQuery = Type.Object({
  ...PeriodQuery,
  groupBy: Type.Optional(Type.Union([Type.Literal('grid'), Type.Literal('village'), Type.Literal('township'), Type.Literal('county')])),
});

const CoverageRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  households: Type.Integer(),
  visitedHouseholds: Type.Integer(),
  coverage: Nullable(Type.Number()),
  visits: Type.Integer(),
  nobodyHome: Type.Integer(),
  workers: Type.Integer(),
  visitsPerWorkerDay: Nullable(Type.Number()),
  vulnerableHouseholds: Type.Integer(),
  vulnerableOverdue: Type.Integer(),
  neverVisited: Type.Integer(),
  /** 矛盾排查: visits of the period that found a dispute at the door. */
  disputes: Type.Integer(),
  /** Of those, the ones a mediation case was opened from (转人民调解). */
  disputesMediated: Type.Integer(),
});
export const Coverage = Type.Object({
  from: Type.String(),
  to: Type.String(),
  /** Working days of the period that are over (today, still going on, is not counted). */
  workingDays: Type.Integer(),
  /** Today, when it is a working day of the period: in progress, its visits not yet in the visits per worker-day. */
  inProgressDay: Nullable(Type.String()),
  groupBy: Type.String(),
  /** When the household figures of a wide area (county or more) were counted; null: counted now. */
  countedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  totals: CoverageRow,
  rows: Type.Array(CoverageRow),
});

export const WorkersQuery = Type.Object({ ...PeriodQuery, underQuota: Type.Optional(Type.Boolean()) });
export const WorkersReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  quota: Type.Integer(),
  /** Working days of the period that are over: a day counts under quota only once it has ended. */
  workingDays: Type.Integer(),
  /** Today, when it is a working day of the period: in progress, neither under nor over quota yet. */
  inProgressDay: Nullable(Type.String()),
  rows: Type.Array(
    Type.Object({
      userId: Type.String(),
      name: Type.String(),
      grids: Type.Array(Type.String()),
      gridNames: Type.Array(Type.String()),
      visits: Type.Integer(),
      perDay: Nullable(Type.Number()),
      daysUnderQuota: Type.Integer(),
      underQuota: Type.Boolean(),
      /** Visits so far today (null when today is not in the period). */
      todayVisits: Nullable(Type.Integer()),
    }),
  ),
});

export const OverdueQuery = Type.Object({
  regionCode: Type.Optional(RegionCodeSchema),
  kind: Type.Optional(Type.Union([Type.Literal('vulnerable'), Type.Literal('never'), Type.Literal('long')])),
  ...PageQuery,
});
export const OverdueHousehold = Type.Object({
  householdId: Type.String(),
  address: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  tagNames: Type.Array(Type.String()),
  vulnerable: Type.Boolean(),
  lastVisitAt: NullableTimestamp,
  visitIntervalDays: Type.Integer(),
  dueAt: NullableTimestamp,
  overdueDays: Nullable(Type.Integer()),
});

const CadreRow = Type.Object({ code: Type.String(), name: Type.String(), households: Type.Integer(), covered: Type.Integer(), coverage: Nullable(Type.Number()) });
export const CadresQuery = Type.Object({ regionCode: Type.Optional(RegionCodeSchema), groupBy: Type.Optional(Type.Union([Type.Literal('township'), Type.Literal('village')])) });
export const CadreCoverage = Type.Object({ from: Type.String(), to: Type.String(), totals: CadreRow, rows: Type.Array(CadreRow) });

export const ExportQuery = Type.Object(PeriodQuery);

/** 多诉统办 at the door: the draft of a resident's problem, asked about as the worker types (visits.repeats.ts). */
export const RepeatsBody = Type.Object({
  householdId: Uuid(),
  content: Text({ minLength: 1, maxLength: 2000 }),
  categoryCode: Type.Optional(Text({ maxLength: 32 })),
  lon: Type.Optional(Num({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Num({ minimum: -90, maximum: 90 })),
});

export const Repeats = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      excerpt: Type.String(),
      categoryCode: Type.String(),
      status: Type.String(),
      open: Type.Boolean(),
      createdAt: Timestamp,
      /** Residents already counted as affected (我也遇到). */
      affected: Type.Integer(),
      score: Type.Number(),
      reasons: Type.Array(Type.Object({ code: Type.String({ enum: ['same_grid', 'distance', 'days', 'text', 'same_category'] }), value: Type.Optional(Type.Number()) })),
    }),
  ),
  threshold: Type.Number(),
});

export const MeTooBody = Type.Object({
  householdId: Uuid(),
  appealId: Uuid(),
  /** The affected resident's phone; without it, the household's (as a visit's appeal takes it). */
  phone: Type.Optional(Text({ minLength: 3, maxLength: 32 })),
});

export const MeTooResult = Type.Object({ number: Type.String(), affected: Type.Integer() });
