import { Type } from 'typebox';
import { Int, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid } from '../../platform/schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' });

export const KindView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  subject: Type.String({ enum: ['person', 'enterprise'] }),
  daysBefore: Type.Array(Type.Integer()),
  active: Type.Boolean(),
});

export const KindParams = Type.Object({ code: Type.String({ pattern: '^[a-z_]{1,32}$' }) });
export const KindDaysBody = Type.Object({ daysBefore: Type.Array(Int({ minimum: 1, maximum: 366 }), { minItems: 1, maxItems: 6, description: '提前几天提醒（到期当天总会提醒）' }) });

export const ItemView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  subject: Type.String({ enum: ['person', 'enterprise'] }),
  subjectName: Type.String({ description: '人员姓名（脱敏）或企业名称' }),
  personId: Type.Union([Type.String(), Type.Null()]),
  householdId: Type.Union([Type.String(), Type.Null()]),
  enterpriseId: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
  dueDate: Type.String(),
  daysLeft: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  sent: Type.Array(Type.Integer()),
  createdAt: Timestamp,
});

export const CreateItemBody = Type.Object({
  kind: Type.String({ pattern: '^[a-z_]{1,32}$' }),
  personId: Type.Optional(Uuid()),
  enterpriseId: Type.Optional(Uuid()),
  dueDate: Day,
  note: Type.Optional(Text({ maxLength: 200 })),
});

export const ListItemsQuery = Type.Object({
  status: Type.Optional(Type.String({ enum: ['upcoming', 'overdue', 'all'], description: 'upcoming（默认，withinDays 天内到期）、overdue（已过期）、all' })),
  withinDays: Type.Optional(Int({ minimum: 1, maximum: 366 })),
  kind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$' })),
  regionCode: Type.Optional(RegionCodeSchema),
  householdId: Type.Optional(Uuid()),
  enterpriseId: Type.Optional(Uuid()),
  ...PageQuery,
});
