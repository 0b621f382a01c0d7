import { Type } from 'typebox';
import { Fen, Int, NullableTimestamp, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';

export const INDUSTRIES = ['electronics', 'new_energy', 'equipment', 'materials', 'food', 'textile', 'pharma', 'services', 'other'] as const;
export const SIZES = ['large', 'medium', 'small', 'micro'] as const;
/** Money in fen (integer), beyond int4: a 35,000,000-yuan loan is 3.5 billion fen. */
const Money = Fen();
const PROBLEM_KINDS = ['break', 'gap', 'pain'] as const;

const Ref = Type.Object({ id: Type.String(), name: Type.String() });
const NullableRef = Type.Union([Ref, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const EnterpriseView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  creditCode: Type.String(),
  name: Type.String(),
  industry: Type.String(),
  size: Type.String(),
  park: NullableString,
  address: NullableString,
  lon: NullableNumber,
  lat: NullableNumber,
  contactName: NullableString,
  /** Masked: 138****5678. */
  contactPhone: NullableString,
  commissioner: NullableRef,
  leader: NullableRef,
  department: NullableRef,
  chains: Type.Array(Ref),
  createdAt: Timestamp,
  version: Type.Integer(),
});

const Point = Type.Object({ lon: Type.Number({ minimum: 73, maximum: 136 }), lat: Type.Number({ minimum: 3, maximum: 54 }) });

export const CreateEnterpriseBody = Type.Object({
  creditCode: Text({ minLength: 1, maxLength: 40, description: '统一社会信用代码 (GB 32100)' }),
  name: Text({ minLength: 1, maxLength: 200 }),
  industry: Type.String({ enum: [...INDUSTRIES] }),
  size: Type.String({ enum: [...SIZES] }),
  // Where the firm sits (township, village or grid): inside the caller's scope.
  regionCode: RegionCodeSchema,
  park: Type.Optional(Text({ maxLength: 100 })),
  address: Type.Optional(Text({ maxLength: 200 })),
  location: Type.Optional(Point),
  contactName: Type.Optional(Text({ maxLength: 50 })),
  contactPhone: Type.Optional(Text({ maxLength: 30 })),
  commissionerUserId: Type.Optional(Uuid()),
  leaderUserId: Type.Optional(Uuid()),
  departmentOrgId: Type.Optional(Uuid()),
});

export const AssignBody = Type.Object({
  version: Version,
  commissionerUserId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
  leaderUserId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
  departmentOrgId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
});

export const ListEnterprisesQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Text({ maxLength: 100 })),
  park: Type.Optional(Text({ maxLength: 100 })),
  industry: Type.Optional(Type.String({ enum: [...INDUSTRIES] })),
  size: Type.Optional(Type.String({ enum: [...SIZES] })),
  commissionerUserId: Type.Optional(Uuid()),
  chainId: Type.Optional(Uuid()),
});

export const ImportResult = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), reason: Type.String(), reasonEn: Type.String() })),
});

// ---------------------------------------------------------------------------------------------
// Enterprise appeals

export const EnterpriseAppealView = Type.Object({
  appealId: Type.String(),
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  enterprise: Ref,
  firstContact: Ref,
  /** 首接负责: the first contact owns it until it is dispatched. */
  ownedByFirstContact: Type.Boolean(),
  receivedAt: Timestamp,
  releasedAt: NullableTimestamp,
  visitId: NullableString,
  tiers: Type.Array(
    Type.Object({
      tier: Type.String(),
      dueAt: Timestamp,
      metAt: NullableTimestamp,
      /** on_time | late | overdue | running */
      state: Type.String(),
    }),
  ),
  solution: NullableString,
  amountFen: Type.Union([Type.Integer(), Type.Null()]),
  withdrawnAt: NullableTimestamp,
  withdrawReason: NullableString,
  withdrawAskedBy: NullableString,
  /** The requester's latest rating as of the appeal's last move (satisfied, basically_satisfied, dissatisfied, unreachable). */
  rating: NullableString,
});

export const CreateEnterpriseAppealBody = Type.Object({
  enterpriseId: Uuid(),
  title: Type.Optional(Text({ maxLength: 100 })),
  content: Text({ minLength: 1, maxLength: 2000 }),
  categoryCode: Text({ minLength: 1, maxLength: 32 }),
  urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')])),
  amountFen: Type.Optional(Money),
});

export const ListEnterpriseAppealsQuery = Type.Object({
  ...PageQuery,
  enterpriseId: Type.Optional(Uuid()),
  withdrawn: Type.Optional(Type.Boolean()),
  /** The month of a withdrawal audit, YYYY-MM (China time). */
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
});

export const SolutionBody = Type.Object({ solution: Text({ minLength: 1, maxLength: 2000 }), amountFen: Type.Optional(Money) });
export const WithdrawBody = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }), askedBy: Type.String({ enum: ['firm', 'department'] }) });
export const AppealIdParams = Type.Object({ appealId: Uuid() });

const TierUnit = Type.String({ enum: ['minutes', 'working_hours', 'working_days', 'hours', 'days'] });
export const ClockTier = Type.Object({ tier: Type.String({ enum: ['respond', 'solution', 'close'] }), amount: Int({ minimum: 1, maximum: 10000 }), unit: TierUnit });
export const ClockTiersBody = Type.Object({ tiers: Type.Array(ClockTier, { minItems: 3, maxItems: 3 }) });

// ---------------------------------------------------------------------------------------------
// Commissioners and their visits

export const CommissionerView = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  title: NullableString,
  firms: Type.Integer(),
  /** Firms of theirs visited in the last 365 days. */
  firmsVisited: Type.Integer(),
  visits: Type.Integer(),
  problemsRaised: Type.Integer(),
});
export const CreateCommissionerBody = Type.Object({
  userId: Uuid(),
  regionCode: RegionCodeSchema,
  orgId: Type.Optional(Uuid()),
  title: Type.Optional(Text({ maxLength: 100 })),
});

const ProblemInput = Type.Object({
  content: Text({ minLength: 1, maxLength: 2000 }),
  categoryCode: Text({ minLength: 1, maxLength: 32 }),
  urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')])),
  amountFen: Type.Optional(Money),
});
export const CreateVisitBody = Type.Object({
  visitedAt: Type.Optional(Timestamp),
  findings: Text({ minLength: 1, maxLength: 2000 }),
  policies: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
  problems: Type.Optional(Type.Array(ProblemInput, { maxItems: 10 })),
});
export const VisitView = Type.Object({
  id: Type.String(),
  enterprise: Ref,
  commissioner: Ref,
  visitedAt: Timestamp,
  findings: Type.String(),
  policies: Type.Array(Type.String()),
  problems: Type.Array(Type.Object({ content: Type.String(), categoryCode: Type.String(), appealId: Type.String(), number: NullableString })),
});
export const ListVisitsQuery = Type.Object({ ...PageQuery, enterpriseId: Type.Optional(Uuid()), commissionerUserId: Type.Optional(Uuid()) });

// ---------------------------------------------------------------------------------------------
// Chains

export const ChainProblemView = Type.Object({
  id: Type.String(),
  chainId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  owner: Ref,
  deadline: Type.String(),
  status: Type.String(),
  overdue: Type.Boolean(),
  resolution: NullableString,
  closedAt: NullableTimestamp,
  version: Type.Integer(),
  actions: Type.Array(Type.String()),
});
export const ChainView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  leader: Ref,
  leadOrg: Ref,
  responsibleOrgs: Type.Array(Ref),
  members: Type.Integer(),
  projects: Type.Integer(),
  investmentFen: Type.Integer(),
  problemsOpen: Type.Integer(),
  problemsClosed: Type.Integer(),
  problemsOverdue: Type.Integer(),
});
export const ChainDetail = Type.Object({
  chain: ChainView,
  firms: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), industry: Type.String(), size: Type.String(), park: NullableString, role: Type.String() })),
  projects: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), investmentFen: Type.Integer(), status: Type.String() })),
  problems: Type.Array(ChainProblemView),
});
export const CreateChainBody = Type.Object({
  name: Text({ minLength: 1, maxLength: 100 }),
  regionCode: RegionCodeSchema,
  leaderUserId: Uuid(),
  leadOrgId: Uuid(),
  responsibleOrgIds: Type.Optional(Type.Array(Uuid(), { maxItems: 50 })),
});
export const ChainMembersBody = Type.Object({ enterpriseIds: Type.Array(Uuid(), { minItems: 1, maxItems: 500 }), role: Type.Optional(Type.String({ enum: ['leading', 'member'] })) });
export const CreateProjectBody = Type.Object({ name: Text({ minLength: 1, maxLength: 200 }), investmentFen: Money, status: Type.String({ enum: ['planned', 'building', 'done'] }) });
export const CreateProblemBody = Type.Object({
  kind: Type.String({ enum: [...PROBLEM_KINDS] }),
  title: Text({ minLength: 1, maxLength: 500 }),
  ownerOrgId: Uuid({ description: '责任单位（必填）' }),
  deadline: Type.String({ format: 'date' }),
});
export const ProblemActionBody = Type.Object({ version: Version, resolution: Type.Optional(Text({ minLength: 1, maxLength: 2000 })) });
export const ProblemActionParams = Type.Object({ id: Uuid(), action: Type.String({ enum: ['start', 'close', 'reopen'] }) });

// ---------------------------------------------------------------------------------------------
// Figures

/** 满意率 = (满意 + 0.9 × 基本满意) ÷ valid evaluations; null without any. */
const Satisfaction = Type.Object({ evaluations: Type.Integer(), satisfied: Type.Integer(), basicallySatisfied: Type.Integer(), dissatisfied: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]) });
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/** The figures by commissioner, department, park or firm (enterprises.breakdown.ts). */
export const BreakdownQuery = Type.Object({
  dimension: Type.String({ enum: ['commissioner', 'department', 'park', 'firm'] }),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  enterpriseId: Type.Optional(Uuid()),
});
const BreakdownRowView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  accepted: Type.Integer(),
  closed: Type.Integer(),
  withdrawn: Type.Integer(),
  respondedOnTime: Type.Integer(),
  responseRate: NullableNumber,
  avgResponseMinutes: NullableNumber,
  avgClosureHours: NullableNumber,
  evaluations: Type.Integer(),
  satisfied: Type.Integer(),
  basicallySatisfied: Type.Integer(),
  dissatisfied: Type.Integer(),
  satisfactionRate: NullableNumber,
  visits: NullableInt,
  problemsRaised: NullableInt,
});
export const BreakdownView = Type.Object({ dimension: Type.String(), items: Type.Array(BreakdownRowView) });

export const FiguresQuery = Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) });
export const FiguresView = Type.Object({
  appeals: Type.Object({ accepted: Type.Integer(), closed: Type.Integer(), withdrawn: Type.Integer(), withdrawnAskedByDepartment: Type.Integer() }),
  satisfaction: Satisfaction,
  tiers: Type.Array(Type.Object({ tier: Type.String(), due: Type.Integer(), met: Type.Integer(), onTime: Type.Integer(), overdue: Type.Integer() })),
  visits: Type.Object({ visits: Type.Integer(), firms: Type.Integer(), problemsRaised: Type.Integer() }),
  chains: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), open: Type.Integer(), closed: Type.Integer(), overdue: Type.Integer() })),
  months: Type.Array(Type.Object({ month: Type.String(), accepted: Type.Integer(), closed: Type.Integer(), visits: Type.Integer() })),
});

// ---------------------------------------------------------------------------------------------
// Policy documents

export const PolicyView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  industries: Type.Array(Type.String()),
  sizes: Type.Array(Type.String()),
  createdAt: Timestamp,
  delivered: Type.Integer(),
  read: Type.Integer(),
});
export const CreatePolicyBody = Type.Object({
  regionCode: RegionCodeSchema,
  title: Text({ minLength: 1, maxLength: 200 }),
  summary: Text({ minLength: 1, maxLength: 4000 }),
  industries: Type.Optional(Type.Array(Type.String({ enum: [...INDUSTRIES] }), { maxItems: 20 })),
  sizes: Type.Optional(Type.Array(Type.String({ enum: [...SIZES] }), { maxItems: 4 })),
});
export const FirmPolicy = Type.Object({ id: Type.String(), title: Type.String(), summary: Type.String(), deliveredAt: Timestamp, readAt: NullableTimestamp });
export const ReceiptBody = Type.Object({ enterpriseId: Uuid() });

/** A firm's business disputes: the mediation cases the caller may see where the firm is a party. */
export const FirmDisputesView = Type.Object({
  /** False when the caller may not read mediation cases at all (the list is then empty). */
  readable: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      status: Type.String(),
      kind: Type.String(),
      source: Type.String(),
      bodyName: Type.String(),
      amountFen: Type.Integer(),
      createdAt: Type.String(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
