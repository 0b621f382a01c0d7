import { Type } from 'typebox';
import { Int, PageQuery, RegionCodeSchema, Text, Version } from '../../platform/schemas.js';
import { ACTIONS, MAX_EXTENSION_DAYS, OUTCOMES, STATUSES, type Action, type Outcome, type Status } from './disclosure.workflow.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const StatusSchema = Type.Unsafe<Status>(Type.String({ enum: [...STATUSES] }));
const OutcomeSchema = Type.Unsafe<Outcome>(Type.String({ enum: [...OUTCOMES] }));
const ActionName = Type.Unsafe<Action>(Type.String({ enum: [...ACTIONS] }));

export const DisclosureView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  applicantKind: Type.Union([Type.Literal('resident'), Type.Literal('firm')]),
  applicantName: Type.String({ description: 'masked for a resident' }),
  subject: Type.String(),
  status: StatusSchema,
  receivedOn: Day,
  clockFrom: Day,
  dueOn: Day,
  overdue: Type.Boolean(),
  correctionUsed: Type.Boolean(),
  extensionDays: Type.Integer(),
  pausedDays: Type.Integer(),
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  answeredOn: Type.Union([Day, Type.Null()]),
  workingDays: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Integer(),
  actions: Type.Array(ActionName),
});

export const DisclosureDetail = Type.Intersect([
  DisclosureView,
  Type.Object({ events: Type.Array(Type.Object({ action: Type.String(), note: Type.Union([Type.String(), Type.Null()]), on: Day, at: Type.String() })) }),
]);

export const DisclosurePage = Type.Object({
  items: Type.Array(DisclosureView),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  answered: Type.Integer(),
  averageDays: Type.Union([Type.Number(), Type.Null()]),
});

export const CreateDisclosureBody = Type.Object({
  regionCode: RegionCodeSchema,
  applicantKind: Type.Union([Type.Literal('resident'), Type.Literal('firm')]),
  applicantName: Text({ minLength: 1, maxLength: 100 }),
  phone: Type.Optional(Text({ minLength: 1, maxLength: 32 })),
  subject: Text({ minLength: 1, maxLength: 2000 }),
  receivedOn: Type.Optional(Day),
});

export const ListDisclosureQuery = Type.Object({ ...PageQuery, status: Type.Optional(StatusSchema) });

export const ActionParams = Type.Object({ id: Type.String({ format: 'uuid' }), action: ActionName });

export const ActionBody = Type.Object({
  version: Version,
  days: Type.Optional(Int({ minimum: 1, maximum: MAX_EXTENSION_DAYS })),
  outcome: Type.Optional(OutcomeSchema),
  reason: Type.Optional(Text({ maxLength: 2000 })),
  notice: Type.Optional(Text({ maxLength: 2000 })),
});
