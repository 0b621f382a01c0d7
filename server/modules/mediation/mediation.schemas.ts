import { Type } from 'typebox';
import { Base64, Int, NullableTimestamp, PageQuery, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';
import { ACTION_NAMES, CONFIRMATIONS, STATUSES } from './mediation.workflow.js';

const lit = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...xs] }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Ymd = Type.String({ format: 'date' });

export const BODY_KINDS = ['mediation_committee', 'elder_studio', 'court_liaison', 'chamber_mediation', 'volunteer_team'] as const;
const SOURCES = ['appeal', 'visit', 'application', 'court', 'federation'] as const;
const DISPUTE_KINDS = ['neighbours', 'family', 'land', 'labour', 'property_management', 'contract', 'debt', 'damages', 'other'] as const;
const RISKS = ['low', 'medium', 'high'] as const;
const RISK_KINDS = ['to_violence', 'to_petition'] as const;

const StatusSchema = lit(STATUSES);
const ActionSchema = lit(ACTION_NAMES);

export const BodyView = Type.Object({ id: Type.String(), name: Type.String(), kind: lit(BODY_KINDS), regionCode: Type.String(), regionName: Type.String(), openCases: Type.Integer() });

export const MediatorView = Type.Object({
  id: Type.String(),
  bodyId: Type.String(),
  bodyName: Type.String(),
  name: Type.String(),
  userId: Nullable(Type.String()),
  specialities: Type.Array(Type.String()),
  openCases: Type.Integer(),
  totalCases: Type.Integer(),
});
export const CreateMediatorBody = Type.Object({
  bodyId: Uuid(),
  name: Text({ minLength: 1, maxLength: 40 }),
  userId: Type.Optional(Nullable(Uuid())),
  specialities: Type.Array(lit(DISPUTE_KINDS), { maxItems: 9, uniqueItems: true }),
});
export const ListMediatorsQuery = Type.Object({ bodyId: Type.Optional(Uuid()) });

const PartyInput = Type.Object({
  side: lit(['applicant', 'respondent'] as const),
  kind: lit(['person', 'outsider', 'enterprise'] as const),
  personId: Type.Optional(Uuid({ description: '一户一档中的人员 A person of the household files' })),
  name: Type.Optional(Text({ minLength: 1, maxLength: 40 })),
  phone: Type.Optional(Text({ minLength: 3, maxLength: 32 })),
  enterpriseName: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$', description: '统一社会信用代码' })),
  representative: Type.Optional(Text({ minLength: 1, maxLength: 40 })),
});

const PartyView = Type.Object({
  id: Type.String(),
  side: Type.String(),
  kind: Type.String(),
  personId: Nullable(Type.String()),
  name: Type.String({ description: '姓名（脱敏）或企业名称' }),
  phone: Nullable(Type.String({ description: '脱敏电话' })),
  creditCode: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  representative: Nullable(Type.String()),
});

export const CreateCaseBody = Type.Object({
  bodyId: Uuid(),
  source: lit(SOURCES),
  sourceRef: Type.Optional(Uuid({ description: '来源诉求或走访的编号 The appeal or visit it came from' })),
  kind: lit(DISPUTE_KINDS),
  title: Text({ minLength: 1, maxLength: 100 }),
  summary: Text({ minLength: 1, maxLength: 4000 }),
  amountFen: Type.Optional(Int({ minimum: 0, maximum: 2_000_000_000 })),
  risk: Type.Optional(lit(RISKS)),
  riskKinds: Type.Optional(Type.Array(lit(RISK_KINDS), { maxItems: 2, uniqueItems: true })),
  mediatorId: Type.Optional(Uuid()),
  parties: Type.Array(PartyInput, { minItems: 2, maxItems: 20 }),
});

export const CaseSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  bodyId: Type.String(),
  bodyName: Type.String(),
  regionCode: Type.String(),
  status: StatusSchema,
  source: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  amountFen: Type.Integer(),
  risk: Type.String(),
  mediatorName: Nullable(Type.String()),
  stepDueAt: NullableTimestamp,
  overdue: Type.Boolean(),
  confirmation: lit(CONFIRMATIONS),
  referralOverdueAt: NullableTimestamp,
  confirmationDueOn: Nullable(Type.String()),
  nextSessionOn: Nullable(Type.String()),
  nextSessionPlace: Nullable(Type.String()),
  createdAt: Timestamp,
  version: Type.Integer(),
});

const SessionView = Type.Object({ id: Type.String(), heldOn: Type.String(), place: Type.String(), attendees: Type.String(), hardship: Type.String(), crux: Type.String(), reconcile: Type.String() });
const AgreementView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  facts: Type.String(),
  responsibilities: Type.Array(Type.Object({ partyId: Type.String(), text: Type.String() })),
  manner: Type.String(),
  deadline: Type.String(),
  effectiveOn: Type.String(),
  createdAt: Timestamp,
});
const CheckView = Type.Object({ id: Type.String(), checkedOn: Type.String(), result: Type.String(), note: Type.String() });
const AttachmentView = Type.Object({ id: Type.String(), step: Type.String(), agreementVersion: Nullable(Type.Integer()), filename: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: Timestamp });
const EventView = Type.Object({ id: Type.Integer(), type: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Nullable(Type.String()), actorName: Type.String(), note: Nullable(Type.String()), at: Timestamp });

export const CaseView = Type.Object({
  ...CaseSummary.properties,
  sourceRef: Nullable(Type.String()),
  referringOrgId: Nullable(Type.String()),
  referringOrgName: Nullable(Type.String()),
  summary: Type.String(),
  riskKinds: Type.Array(Type.String()),
  mediatorId: Nullable(Type.String()),
  declineReason: Nullable(Type.String()),
  referredTo: Nullable(Type.String()),
  referredName: Nullable(Type.String()),
  acceptedAt: NullableTimestamp,
  concludedAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  parties: Type.Array(PartyView),
  sessions: Type.Array(SessionView),
  agreements: Type.Array(AgreementView),
  checks: Type.Array(CheckView),
  events: Type.Array(EventView),
  attachments: Type.Array(AttachmentView),
  actions: Type.Array(ActionSchema, { description: '当前用户现在可执行的操作 The steps the caller may take now' }),
});

export const ListCasesQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(StatusSchema),
  bodyId: Type.Optional(Uuid()),
  kind: Type.Optional(lit(DISPUTE_KINDS)),
  q: Type.Optional(Text({ maxLength: 50 })),
});

export const ActParams = Type.Object({ id: Uuid(), action: ActionSchema });
export const AttachmentParams = Type.Object({ id: Uuid(), attachmentId: Uuid() });
export const ActBody = Type.Object({
  version: Version,
  reason: Type.Optional(Text({ minLength: 1, maxLength: 1000 })),
  session: Type.Optional(
    Type.Object({
      heldOn: Ymd,
      place: Text({ minLength: 1, maxLength: 100 }),
      attendees: Text({ minLength: 1, maxLength: 500 }),
      hardship: Text({ maxLength: 4000, description: '诉困难' }),
      crux: Text({ maxLength: 4000, description: '找症结' }),
      reconcile: Text({ maxLength: 4000, description: '促和解（讲感情、讲道理、讲法律）' }),
    }),
  ),
  agreement: Type.Optional(
    Type.Object({
      facts: Text({ minLength: 1, maxLength: 8000, description: '纠纷的主要事实、争议事项' }),
      responsibilities: Type.Array(Type.Object({ partyId: Uuid(), text: Text({ minLength: 1, maxLength: 2000 }) }), { minItems: 1, maxItems: 20 }),
      manner: Text({ minLength: 1, maxLength: 2000, description: '履行方式' }),
      deadline: Type.String({ format: 'date', description: '履行期限' }),
      effectiveOn: Ymd,
    }),
  ),
  check: Type.Optional(Type.Object({ checkedOn: Ymd, note: Text({ minLength: 1, maxLength: 2000 }) })),
  schedule: Type.Optional(Type.Object({ on: Ymd, place: Text({ minLength: 1, maxLength: 100 }) })),
  referral: Type.Optional(Type.Object({ to: lit(['court', 'arbitration', 'department'] as const), name: Text({ minLength: 1, maxLength: 100 }) })),
  transfer: Type.Optional(Type.Object({ bodyId: Uuid() })),
  photos: Type.Optional(
    Type.Array(Type.Object({ filename: Text({ minLength: 1, maxLength: 200 }), mime: Text({ maxLength: 64 }), dataBase64: Base64(7_100_000) }), {
      maxItems: 9,
      description: '现场照片、签字后的协议书（JPEG、PNG、WebP） Photos, the signed agreement',
    }),
  ),
  court: Type.Optional(Type.Object({ on: Ymd, granted: Type.Optional(Type.Boolean()), note: Type.Optional(Text({ maxLength: 1000 })) })),
});

export const BoardView = Type.Object({
  overdue: Type.Array(CaseSummary),
  lapsingSoon: Type.Array(CaseSummary),
  lapsed: Type.Array(CaseSummary),
});

export const TodayQuery = Type.Object({ date: Type.Optional(Ymd) });

export const FiguresQuery = Type.Object({ from: Type.Optional(Ymd), to: Type.Optional(Ymd) });
const FigureRow = Type.Object({
  key: Type.String(),
  name: Type.String(),
  accepted: Type.Integer(),
  settled: Type.Integer(),
  notSettled: Type.Integer(),
  referred: Type.Integer(),
  settlementRate: Nullable(Type.Number({ description: '调解成功数 ÷ 受理数' })),
  performed: Type.Integer(),
  performedOnTime: Type.Integer({ description: '按期履行（履行回访日期不晚于协议履行期限）' }),
  confirmationsApplied: Type.Integer(),
  confirmationsGranted: Type.Integer(),
  averageDays: Nullable(Type.Number()),
});
const PetitionFigures = Type.Object(
  {
    regionCode: Type.String(),
    from: Type.String(),
    to: Type.String(),
    current: Type.Integer({ description: '本期信访件数' }),
    lastYear: Type.Integer({ description: '上年同期信访件数' }),
    change: Nullable(Type.Number({ description: '同比变化（比例）' })),
    months: Type.Array(Type.Object({ month: Type.String(), petitions: Type.Integer(), petitionsLastYear: Type.Integer(), casesAccepted: Type.Integer(), casesSettled: Type.Integer() })),
  },
  { description: '信访：本区域渠道为信访的诉求，本期与上年同期 Petitions in the caller’s area, this period and the same period last year' },
);
export const FiguresView = Type.Object({ total: FigureRow, byBody: Type.Array(FigureRow), byKind: Type.Array(FigureRow), byMediator: Type.Array(FigureRow), petitions: PetitionFigures });

export const PeopleQuery = Type.Object({
  bodyId: Type.Optional(Uuid({ description: '调解组织（默认本人所在组织） The body (default: the caller’s)' })),
  q: Text({ minLength: 1, maxLength: 20, description: '姓名开头 The start of the name' }),
});
export const PeopleView = Type.Object({
  items: Type.Array(Type.Object({ personId: Type.String(), name: Type.String({ description: '脱敏姓名' }), householdId: Nullable(Type.String()), gridCode: Type.String() })),
});

export const SignedCopyParams = Type.Object({ id: Uuid(), version: Type.Integer({ minimum: 1, maximum: 1000 }) });
export const SignedCopyBody = Type.Object({
  photos: Type.Array(Type.Object({ filename: Text({ minLength: 1, maxLength: 200 }), mime: Text({ maxLength: 64 }), dataBase64: Base64(7_100_000) }), {
    minItems: 1,
    maxItems: 4,
    description: '签字后的协议书扫描件或照片（JPEG、PNG、WebP） The signed agreement, scanned or photographed',
  }),
});
