import { Type } from 'typebox';
import { Base64, Fen, PageQuery, RegionCodeSchema, Text, Timestamp, NullableTimestamp, Uuid, Version } from '../../platform/schemas.js';
import { CATEGORIES, INCOME_SOURCES, PROJECT_ACTION_NAMES, SOURCE_KINDS } from './funds.workflow.js';

/** Money in integer fen: positive, at most 1 billion yuan. */
const Amount = (description = '金额（分）Amount in fen') => Fen({ minimum: 1, maximum: 100_000_000_000, description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = Nullable(Type.String());
const NInt = Nullable(Type.Integer());

const SplitRuleSchema = Type.Object({
  buckets: Type.Array(
    Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), name: Text({ minLength: 1, maxLength: 40 }), bp: Type.Integer({ minimum: 1, maximum: 10000, description: '基点，10000 = 100%' }) }),
    { minItems: 1, maxItems: 10 },
  ),
  remainder: Text({ minLength: 1, maxLength: 40, description: '取整余数归入的科目 The bucket that takes the rounding remainder' }),
});

const BalanceSchema = Type.Object({
  totalFen: Type.Integer(),
  inFen: Type.Integer(),
  outFen: Type.Integer(),
  buckets: Type.Record(Type.String(), Type.Object({ inFen: Type.Integer(), outFen: Type.Integer(), balanceFen: Type.Integer() })),
});

export const FundView = Type.Object({
  id: Str,
  regionCode: Str,
  regionName: Str,
  kind: Str,
  ownerLevel: Str,
  name: Str,
  year: Type.Integer(),
  budgetFen: Type.Integer(),
  parentFundId: NStr,
  eligibleCategories: Type.Array(Str),
  forbiddenUses: Type.Array(Str),
  splitRule: Nullable(SplitRuleSchema),
  balance: BalanceSchema,
  allocatedFen: Type.Integer(),
  /** Held by approved projects, not yet paid. */
  reservedFen: Type.Integer(),
  /** The balance less what is reserved: what new approvals and allocations may take. */
  availableFen: Type.Integer(),
  createdAt: Timestamp,
  version: Type.Integer(),
});

export const CreateFundBody = Type.Object({
  regionCode: RegionCodeSchema,
  kind: Type.Union([Type.Literal('whistle'), Type.Literal('public_income')]),
  name: Text({ minLength: 1, maxLength: 100 }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  budgetFen: Type.Optional(Amount('年度预算（分）Yearly budget in fen')),
  eligibleCategories: Type.Optional(Type.Array(Type.Union(CATEGORIES.map((c) => Type.Literal(c))), { maxItems: 10 })),
  forbiddenUses: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 60 }), { maxItems: 20 })),
  splitRule: Type.Optional(SplitRuleSchema),
});

export const ListFundsQuery = Type.Object({
  ...PageQuery,
  kind: Type.Optional(Type.Union([Type.Literal('whistle'), Type.Literal('public_income')])),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
});

export const SplitRuleBody = Type.Object({ splitRule: SplitRuleSchema, version: Version });
export const AllocateBody = Type.Object({ regionCode: RegionCodeSchema, amountFen: Amount(), note: Type.Optional(Text({ maxLength: 200 })) });
export const IncomeBody = Type.Object({
  amountFen: Amount(),
  source: Type.Union(INCOME_SOURCES.map((s) => Type.Literal(s))),
  note: Type.Optional(Text({ maxLength: 200 })),
});
export const ReverseBody = Type.Object({ reason: Text({ minLength: 1, maxLength: 200 }) });

export const EntryView = Type.Object({
  id: Str,
  seq: Type.Integer(),
  kind: Str,
  amountFen: Type.Integer(),
  bucket: NStr,
  bp: NInt,
  category: NStr,
  groupId: Str,
  counterpartFundId: NStr,
  projectId: NStr,
  paymentId: NStr,
  reversesId: NStr,
  reversed: Type.Boolean(),
  note: NStr,
  createdBy: Str,
  createdAt: Timestamp,
});

// ---------------------------------------------------------------------------------------------
// Projects

const FileBody = Type.Object({
  filename: Text({ minLength: 1, maxLength: 200 }),
  mime: Text({ maxLength: 64 }),
  dataBase64: Base64(7_000_000),
});

export const ProposeBody = Type.Object({
  fundId: Uuid(),
  sourceKind: Type.Union(SOURCE_KINDS.map((k) => Type.Literal(k))),
  sourceId: Type.Optional(Text({ minLength: 1, maxLength: 64 })),
  regionCode: Type.Optional(RegionCodeSchema),
  title: Text({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Text({ maxLength: 2000 })),
  category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
  bucket: Type.Optional(Text({ maxLength: 40 })),
  households: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  estimateFen: Amount('预算估算（分）Estimate in fen'),
});

export const ProjectSummary = Type.Object({
  id: Str,
  fundId: Str,
  regionCode: Str,
  regionName: Str,
  title: Str,
  category: Str,
  bucket: NStr,
  sourceKind: Str,
  sourceId: NStr,
  sourceLabel: NStr,
  sourceAt: Timestamp,
  households: Type.Integer(),
  estimateFen: Type.Integer(),
  requestedFen: Type.Integer(),
  approvedFen: Type.Integer(),
  paidFen: Type.Integer(),
  pendingLevel: NStr,
  status: Str,
  contractor: NStr,
  finalCostFen: NInt,
  acceptedAt: NullableTimestamp,
  daysToAcceptance: NInt,
  createdAt: Timestamp,
  version: Type.Integer(),
});

export const ProjectDetail = Type.Object({
  ...ProjectSummary.properties,
  ...{
    description: Str,
    fundName: NStr,
    chain: Type.Array(Str),
    /** What the project still holds on its fund (approved, not yet paid). */
    reservedFen: Type.Integer(),
    actions: Type.Array(Str),
    timeline: Type.Array(
      Type.Object({
        id: Type.Integer(),
        type: Str,
        fromStatus: NStr,
        toStatus: NStr,
        level: NStr,
        amountFen: NInt,
        actorName: Str,
        reason: NStr,
        data: Type.Record(Type.String(), Type.Unknown()),
        at: Timestamp,
      }),
    ),
    payments: Type.Array(
      Type.Object({
        id: Str,
        amountFen: Type.Integer(),
        payee: Str,
        note: NStr,
        receiptId: Str,
        status: Str,
        reason: NStr,
        entryId: NStr,
        createdAt: Timestamp,
        decidedAt: NullableTimestamp,
        canDecide: Type.Boolean(),
      }),
    ),
    files: Type.Array(Type.Object({ id: Str, kind: Str, filename: Str, mime: Str, size: Type.Integer() })),
  },
});

export const ListProjectsQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Text({ maxLength: 20 })),
  category: Type.Optional(Text({ maxLength: 30 })),
  fundId: Type.Optional(Uuid()),
  sourceKind: Type.Optional(Type.Union(SOURCE_KINDS.map((k) => Type.Literal(k)))),
  sourceId: Type.Optional(Text({ maxLength: 64 })),
});

const STEP_ACTIONS = PROJECT_ACTION_NAMES.filter((a) => a !== 'request_payment' && a !== 'approve_payment');
export const ActParams = Type.Object({ id: Uuid(), action: Type.Union(STEP_ACTIONS.map((a) => Type.Literal(a))) });
export const ActBody = Type.Object({
  version: Version,
  reason: Type.Optional(Text({ minLength: 1, maxLength: 500 })),
  amountFen: Type.Optional(Amount()),
  contractor: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  title: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  note: Type.Optional(Text({ maxLength: 1000 })),
  photos: Type.Optional(Type.Array(FileBody, { maxItems: 6 })),
  signers: Type.Optional(Type.Array(Type.Object({ role: Text({ minLength: 1, maxLength: 30 }), name: Text({ minLength: 1, maxLength: 30 }) }), { minItems: 1, maxItems: 20 })),
  finalCostFen: Type.Optional(Fen({ maximum: 100_000_000_000 })),
});

export const PaymentBody = Type.Object({
  amountFen: Amount(),
  payee: Text({ minLength: 1, maxLength: 100 }),
  note: Type.Optional(Text({ maxLength: 500 })),
  receipt: FileBody,
});
export const DecidePaymentBody = Type.Object({ approve: Type.Boolean(), reason: Text({ minLength: 1, maxLength: 500 }) });

// ---------------------------------------------------------------------------------------------
// Public accounts and figures

const Money = Type.Integer();
export const PublicAccountsSchema = Type.Object({
  title: Str,
  regionCode: Str,
  regionName: Str,
  generatedAt: Timestamp,
  funds: Type.Array(
    Type.Object({
      id: Str,
      name: Str,
      kind: Str,
      year: Type.Integer(),
      regionName: Str,
      budgetFen: Money,
      incomeFen: Money,
      allocatedFen: Money,
      spentFen: Money,
      balanceFen: Money,
      splitRule: Nullable(SplitRuleSchema),
      buckets: Type.Array(Type.Object({ key: Str, name: Str, bp: Type.Integer(), inFen: Money, outFen: Money, balanceFen: Money })),
      incomeBySource: Type.Array(Type.Object({ source: Str, name: Str, fen: Money })),
    }),
  ),
  spendingByCategory: Type.Array(Type.Object({ category: Str, name: Str, fen: Money })),
  projects: Type.Array(
    Type.Object({
      id: Str,
      title: Str,
      category: Str,
      categoryName: Str,
      status: Str,
      statusName: Str,
      regionName: Str,
      sourceKind: Str,
      sourceLabel: NStr,
      households: Type.Integer(),
      approvedFen: Money,
      paidFen: Money,
      finalCostFen: NInt,
      contractor: NStr,
      sourceAt: Timestamp,
      acceptedAt: NullableTimestamp,
      daysToAcceptance: NInt,
      approvals: Type.Array(Type.Object({ level: Str, at: Timestamp, amountFen: Money })),
      milestones: Type.Array(Type.Object({ at: Timestamp, title: Str, photos: Type.Array(Str) })),
      acceptance: Nullable(Type.Object({ at: Timestamp, signers: Type.Array(Type.Object({ role: Str, name: Str })) })),
    }),
  ),
  entries: Type.Array(
    Type.Object({ at: Timestamp, fundName: Str, kind: Str, kindName: Str, amountFen: Money, bucket: NStr, source: NStr, projectTitle: NStr }),
  ),
});

export const FiguresQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const FiguresSchema = Type.Object({
  byStatus: Type.Array(Type.Object({ status: Str, name: Str, n: Type.Integer() })),
  byCategory: Type.Array(Type.Object({ category: Str, name: Str, n: Type.Integer(), approvedFen: Money, paidFen: Money })),
  households: Type.Integer(),
  toAcceptance: Type.Array(Type.Object({ id: Str, title: Str, sourceKind: Str, sourceLabel: NStr, days: Type.Integer() })),
  averageDaysFromWhistle: Nullable(Type.Number()),
  perFund: Type.Array(Type.Object({ fundId: Str, name: Str, regionName: Str, budgetedFen: Money, committedFen: Money, spentFen: Money, balanceFen: Money, households: Type.Integer() })),
  /** Per project place (community or grid): households benefiting, money committed (reserved) and spent, days from whistle to acceptance. */
  perPlace: Type.Array(
    Type.Object({ regionCode: Str, regionName: Str, projects: Type.Integer(), households: Type.Integer(), committedFen: Money, spentFen: Money, averageDays: Nullable(Type.Number()) }),
  ),
});

export const ThresholdsParams = Type.Object({ countyCode: Type.String({ pattern: '^\\d{6}$' }) });
export const ThresholdsBody = Type.Object({
  communityUpToFen: Fen({ minimum: 1, description: '村（社区）可审批的上限（分） The most a community approves alone, in fen' }),
  townshipUpToFen: Fen({ minimum: 1, description: '乡镇（街道）可审批的上限（分） The most a township approves, in fen' }),
  version: Type.Integer({ minimum: 0, maximum: 1_000_000, description: '0 when the county has no thresholds of its own yet' }),
});
export const ThresholdsView = Type.Object({
  countyCode: Type.String(),
  communityUpToFen: Type.Integer(),
  townshipUpToFen: Type.Integer(),
  custom: Type.Boolean(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

export const HouseholdsBody = Type.Object({
  version: Version,
  households: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  reason: Text({ minLength: 1, maxLength: 500 }),
});
