import { Type } from 'typebox';
import { Int, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid } from '../../platform/schemas.js';
import { WARNING_LEVELS, WARNING_STATUSES } from './assessment.warnings-view.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '考核月 YYYY-MM' });
const CategoryCode = Text({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_.-]+$' });
const Status = Type.String({ enum: [...WARNING_STATUSES] });

export const WarningSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ enum: ['rise', 'season'] }),
  level: Type.String({ enum: [...WARNING_LEVELS], description: '网格 grid、社区 community（异常上升）或乡镇 township（季节）' }),
  regionCode: Type.String(),
  regionName: Type.String(),
  categoryCodes: Type.Array(Type.String()),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  count: Type.Integer(),
  baseline: Nullable(Type.Number()),
  controlLimit: Nullable(Type.Number()),
  method: Nullable(Type.String()),
  message: Nullable(Type.String()),
  status: Status,
  note: Nullable(Type.String()),
  acknowledgedAt: Nullable(Timestamp),
  handledAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export const WarningDetailSchema = Type.Intersect([
  WarningSchema,
  Type.Object({
    series: Type.Array(Type.Object({ week: Type.String(), count: Type.Integer(), baseline: Nullable(Type.Number()), limit: Nullable(Type.Number()), alarm: Type.Boolean() })),
    appeals: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String(), status: Type.String(), createdAt: Timestamp })),
    /** Households per tag in the place: counts only. */
    tags: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), vulnerable: Type.Boolean(), households: Type.Integer() })),
  }),
]);

export const ListWarningsQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Status),
  kind: Type.Optional(Type.String({ enum: ['rise', 'season'] })),
  level: Type.Optional(Type.String({ enum: [...WARNING_LEVELS], description: '层级：网格、社区、乡镇 Level: grid, community, township' })),
});

/** 预警起报数: the fewest new appeals of a category in a week before a place's count may be a rise. */
export const ThresholdsQuery = Type.Object({ regionCode: Type.Optional(RegionCodeSchema) });
export const ThresholdsBody = Type.Object({
  regionCode: Type.Optional(RegionCodeSchema),
  community: Int({ minimum: 2, maximum: 100, description: '社区每周起报数 A community’s minimum count a week' }),
  grid: Int({ minimum: 2, maximum: 100, description: '网格每周起报数 A grid’s minimum count a week' }),
});
export const ThresholdsSchema = Type.Object({
  regionCode: Type.String(),
  community: Type.Integer(),
  grid: Type.Integer(),
  source: Type.String({ enum: ['stored', 'default'] }),
  updatedAt: Nullable(Timestamp),
});

export const WarningActionParams = Type.Object({ id: Uuid(), action: Type.String({ enum: ['acknowledge', 'handle'] }) });
export const WarningActionBody = Type.Object({ note: Type.Optional(Text({ maxLength: 500 })) });

const MonthDay = Type.String({ pattern: '^\\d\\d-\\d\\d$', description: 'MM-DD' });
export const RuleBody = Type.Object({
  regionCode: RegionCodeSchema,
  name: Text({ minLength: 1, maxLength: 50 }),
  fromDay: MonthDay,
  toDay: MonthDay,
  categoryCodes: Type.Array(CategoryCode, { minItems: 1, maxItems: 20 }),
  message: Text({ minLength: 1, maxLength: 500 }),
  active: Type.Optional(Type.Boolean()),
});
export const RuleSchema = Type.Object({ id: Type.Integer(), regionCode: Type.String(), name: Type.String(), fromDay: Type.String(), toDay: Type.String(), categoryCodes: Type.Array(Type.String()), message: Type.String(), active: Type.Boolean() });
export const RuleParams = Type.Object({ id: Int({ minimum: 1 }) });

// 每月一题

const PickSchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  month: Type.String(),
  placeCode: Type.String(),
  placeName: Type.String(),
  categoryCode: Type.String(),
  leadOrgId: Type.String(),
  leadOrgName: Type.String(),
  goal: Type.String(),
  target: Type.Integer(),
  count: Type.Integer(),
  repeats: Type.Integer(),
  createdAt: Timestamp,
});
export { PickSchema };

export const ProblemsQuery = Type.Object({ month: Month, regionCode: Type.Optional(RegionCodeSchema) });
export const ProblemsSchema = Type.Object({
  month: Type.String(),
  regionCode: Type.String(),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  max: Type.Integer(),
  candidates: Type.Array(
    Type.Object({ placeCode: Type.String(), placeName: Type.String(), categoryCode: Type.String(), count: Type.Integer(), repeats: Type.Integer(), countRank: Type.Integer(), repeatRank: Type.Integer(), picked: Type.Boolean() }),
  ),
  picks: Type.Array(PickSchema),
});
export const PicksQuery = Type.Object({ month: Type.Optional(Month) });
export const PickBody = Type.Object({
  month: Month,
  regionCode: Type.Optional(RegionCodeSchema),
  placeCode: RegionCodeSchema,
  categoryCode: CategoryCode,
  leadOrgId: Uuid(),
  goal: Text({ minLength: 1, maxLength: 500 }),
  target: Int({ minimum: 0, maximum: 100000, description: '目标：每月派单量不高于 Target: dispatches a month at most' }),
});
export const TrendSchema = Type.Object({
  pick: PickSchema,
  months: Type.Array(Type.Object({ month: Type.String(), dispatched: Type.Integer(), current: Type.Boolean() })),
  beforeAverage: Nullable(Type.Number()),
  afterAverage: Nullable(Type.Number()),
});
