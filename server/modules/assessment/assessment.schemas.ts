import { Type } from 'typebox';
import { Int, Num, PageQuery, RegionCodeSchema, Timestamp } from '../../platform/schemas.js';

const Rate = Type.Union([Type.Number(), Type.Null()]);
const Rank = Type.Union([Type.Integer(), Type.Null()]);
const RATE_FIELDS = {
  accepted: Type.Integer(),
  due: Type.Integer(),
  handled: Type.Integer(),
  closed: Type.Integer(),
  closureRate: Rate,
  caseClosingRate: Rate,
  onTimeRate: Rate,
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  compositeScore: Rate,
  onSpotRate: Rate,
  reworkRate: Rate,
  avgHandlingHours: Rate,
  // 即诉即办 (optional: reports archived before it lack it).
  fastTrack: Type.Optional(Type.Integer()),
  fastTrackRate: Type.Optional(Rate),
};

const RankRowSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  ...RATE_FIELDS,
  ranks: Type.Object({
    compositeScore: Rank,
    closureRate: Rank,
    caseClosingRate: Rank,
    onTimeRate: Rank,
    responseRate: Rank,
    resolutionRate: Rank,
    satisfactionRate: Rank,
    onSpotRate: Rank,
    reworkRate: Rank,
    avgHandlingHours: Rank,
    fastTrackRate: Type.Optional(Rank),
  }),
});

export const RankingsSchema = Type.Object({
  month: Type.String(),
  startDay: Type.Integer(),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  regionCode: Type.String(),
  weights: Type.Object({ response: Type.Number(), resolution: Type.Number(), satisfaction: Type.Number() }),
  // Optional: reports archived before these existed lack them.
  weightsSource: Type.Optional(Type.String({ enum: ['query', 'stored', 'default'] })),
  totals: Type.Object(RATE_FIELDS),
  areas: Type.Array(RankRowSchema),
  departments: Type.Array(RankRowSchema),
  evaluations: Type.Array(
    Type.Object({ orgId: Type.String(), name: Type.String(), good: Type.Integer(), fair: Type.Integer(), poor: Type.Integer(), total: Type.Integer(), goodRate: Rate }),
  ),
  // 信访 this period against the same period last year (change = this ÷ last − 1, null without last year's).
  petitions: Type.Optional(
    Type.Object({
      totals: Type.Object({ thisPeriod: Type.Integer(), lastYear: Type.Integer(), change: Rate }),
      areas: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), thisPeriod: Type.Integer(), lastYear: Type.Integer(), change: Rate })),
    }),
  ),
});

const W = (description: string) => Num({ minimum: 0, maximum: 1, description });

export const WeightsQuery = Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '县（区）代码，默认本人所在县' })) });

export const WeightsBody = Type.Object({
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '县（区）代码，默认本人所在县' })),
  response: W('响应率权重'),
  resolution: W('解决率权重'),
  satisfaction: W('满意率权重'),
});

export const WeightsSchema = Type.Object({
  regionCode: Type.String(),
  response: Type.Number(),
  resolution: Type.Number(),
  satisfaction: Type.Number(),
  source: Type.String({ enum: ['stored', 'default'] }),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});

const Weight = Type.Optional(Num({ minimum: 0, maximum: 1 }));

export const RankingsQuery = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '考核月 YYYY-MM' }),
  startDay: Type.Optional(Int({ minimum: 1, maximum: 28, description: '考核月起始日（默认 19：上月19日至本月18日）' })),
  regionCode: Type.Optional(RegionCodeSchema),
  wResponse: Weight,
  wResolution: Weight,
  wSatisfaction: Weight,
});

export const ReportSummarySchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  month: Type.String(),
  startDay: Type.Integer(),
  periodFrom: Timestamp,
  periodTo: Timestamp,
  createdAt: Timestamp,
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** The month's warnings, problems and late cases beside the rankings (absent from reports archived before them). */
const ReportExtrasSchema = Type.Object({
  warnings: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), regionCode: Type.String(), regionName: Type.String(), categoryCodes: Type.Array(Type.String()), periodStart: Type.String(), count: Type.Integer(), baseline: Nullable(Type.Number()), controlLimit: Nullable(Type.Number()), status: Type.String() })),
  ),
  problems: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), month: Type.String(), placeCode: Type.String(), placeName: Type.String(), categoryCode: Type.String(), leadOrgName: Type.String(), goal: Type.String(), target: Type.Integer(), count: Type.Integer(), dispatched: Type.Integer() })),
  ),
  /** The month's late cases (超期件, appeals.late.ts): no personal data; `total` counts beyond the listed. */
  late: Type.Optional(
    Type.Object({
      total: Type.Integer(),
      items: Type.Array(
        Type.Object({
          number: Type.String(),
          categoryCode: Type.String(),
          categoryName: Type.String(),
          placeCode: Type.String(),
          placeName: Type.String(),
          townshipCode: Type.String(),
          townshipName: Type.String(),
          orgName: Nullable(Type.String()),
          handlingDueAt: Timestamp,
          handledAt: Nullable(Timestamp),
          daysLate: Type.Integer(),
        }),
      ),
    }),
  ),
});

export const ReportSchema = Type.Intersect([ReportSummarySchema, Type.Object({ figures: Type.Intersect([RankingsSchema, ReportExtrasSchema]) })]);

export const ListReportsQuery = Type.Object({ ...PageQuery });
