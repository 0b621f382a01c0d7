import { Type } from 'typebox';
import { Int, NullableTimestamp, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';
import { HELPER_KINDS, NEED_ACTION_NAMES, NEED_STATUSES, RESOURCE_KINDS } from './volunteers.workflow.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const HelperKind = Type.String({ enum: [...HELPER_KINDS] });
const ResourceKind = Type.String({ enum: [...RESOURCE_KINDS] });
const UnitKind = Type.String({ enum: ['organ', 'institution', 'enterprise', 'social_org'] });
const Phone = Text({ maxLength: 20 });

export const HelperView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  kind: HelperKind,
  name: Type.String(),
  phone: Nullable(Type.String()),
  workUnit: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  teamId: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  hoursOffered: Type.Integer(),
  status: Type.String(),
  /** Needs this person claimed that the community confirmed. */
  deeds: Type.Integer(),
  /** Minutes recorded in activities (the time bank). */
  minutes: Type.Integer(),
  registeredAt: Timestamp,
  version: Type.Integer(),
});

export const RegisterHelperBody = Type.Object({
  regionCode: RegionCodeSchema,
  kind: HelperKind,
  name: Text({ minLength: 1, maxLength: 50 }),
  phone: Type.Optional(Phone),
  workUnit: Type.Optional(Text({ maxLength: 100 })),
  unitId: Type.Optional(Uuid()),
  teamId: Type.Optional(Uuid()),
  skills: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
  hoursOffered: Type.Optional(Int({ minimum: 0, maximum: 200 })),
});

export const ListHelpersQuery = Type.Object({
  ...PageQuery,
  kind: Type.Optional(HelperKind),
  teamId: Type.Optional(Uuid()),
  unitId: Type.Optional(Uuid()),
  within: Type.Optional(RegionCodeSchema),
  q: Type.Optional(Text({ maxLength: 50, description: 'a name (prefix) or a full phone number' })),
});

export const UnitView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  kind: UnitKind,
  contactName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  pairedSince: Type.String(),
  members: Type.Integer(),
  deeds: Type.Integer(),
  duties: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), detail: Nullable(Type.String()) })),
  version: Type.Integer(),
});

export const CreateUnitBody = Type.Object({
  regionCode: RegionCodeSchema,
  name: Text({ minLength: 1, maxLength: 100 }),
  kind: UnitKind,
  contactName: Type.Optional(Text({ maxLength: 50 })),
  phone: Type.Optional(Phone),
  pairedSince: Type.String({ format: 'date' }),
});

export const DutyBody = Type.Object({ title: Text({ minLength: 1, maxLength: 100 }), detail: Type.Optional(Text({ maxLength: 500 })) });

export const TeamView = Type.Object({ id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), purpose: Nullable(Type.String()), members: Type.Integer(), minutes: Type.Integer() });
export const CreateTeamBody = Type.Object({ regionCode: RegionCodeSchema, name: Text({ minLength: 1, maxLength: 100 }), purpose: Type.Optional(Text({ maxLength: 300 })) });

export const NeedView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  title: Type.String(),
  detail: Nullable(Type.String()),
  kind: ResourceKind,
  source: Type.String(),
  /** The household file it was raised for, if any. */
  householdId: Nullable(Type.String()),
  status: Type.String({ enum: [...NEED_STATUSES] }),
  claimant: Nullable(Type.Object({ kind: Type.String({ enum: ['helper', 'unit'] }), id: Type.String(), name: Type.String() })),
  claimedAt: NullableTimestamp,
  doneAt: NullableTimestamp,
  evidence: Nullable(Type.String()),
  confirmedAt: NullableTimestamp,
  createdAt: Timestamp,
  version: Type.Integer(),
});

export const ResourceView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  kind: ResourceKind,
  title: Type.String(),
  detail: Nullable(Type.String()),
  owner: Type.Object({ kind: Type.String({ enum: ['helper', 'unit'] }), id: Type.String(), name: Type.String() }),
});

export const NeedDetail = Type.Object({
  ...NeedView.properties,
  suggestions: Type.Array(Type.Object({ ...ResourceView.properties, score: Type.Integer() })),
  actions: Type.Array(Type.String({ enum: NEED_ACTION_NAMES })),
});

export const CreateNeedBody = Type.Object({
  regionCode: RegionCodeSchema,
  title: Text({ minLength: 1, maxLength: 100 }),
  detail: Type.Optional(Text({ maxLength: 1000 })),
  kind: ResourceKind,
  source: Type.String({ enum: ['visit', 'appeal', 'meeting', 'staff'] }),
  sourceRef: Type.Optional(Text({ maxLength: 64 })),
  /** The household file it is raised for, inside the need's community: its timeline shows the need done. */
  householdId: Type.Optional(Uuid()),
});

export const ListNeedsQuery = Type.Object({ ...PageQuery, status: Type.Optional(Type.String({ enum: [...NEED_STATUSES] })), within: Type.Optional(RegionCodeSchema) });

export const NeedActionParams = Type.Object({ id: Uuid(), action: Type.String({ enum: NEED_ACTION_NAMES }) });
export const NeedActionBody = Type.Object({
  version: Version,
  helperId: Type.Optional(Uuid()),
  unitId: Type.Optional(Uuid()),
  evidence: Type.Optional(Text({ minLength: 1, maxLength: 1000 })),
});

export const CreateResourceBody = Type.Object({
  kind: ResourceKind,
  title: Text({ minLength: 1, maxLength: 100 }),
  detail: Type.Optional(Text({ maxLength: 500 })),
  helperId: Type.Optional(Uuid()),
  unitId: Type.Optional(Uuid()),
});
export const ListResourcesQuery = Type.Object({ ...PageQuery, kind: Type.Optional(ResourceKind) });

export const ActivityView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  teamId: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  title: Type.String(),
  place: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  slots: Type.Integer(),
  signedUp: Type.Integer(),
  signedIn: Type.Integer(),
  minutes: Type.Integer(),
});
export const ActivityDetail = Type.Object({
  ...ActivityView.properties,
  signups: Type.Array(Type.Object({ helperId: Type.String(), name: Type.String(), signedUpAt: Timestamp, signedInAt: NullableTimestamp, minutes: Nullable(Type.Integer()) })),
});
export const CreateActivityBody = Type.Object({
  regionCode: RegionCodeSchema,
  teamId: Type.Optional(Uuid()),
  title: Text({ minLength: 1, maxLength: 100 }),
  place: Text({ minLength: 1, maxLength: 200 }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  slots: Int({ minimum: 1, maximum: 1000 }),
});
export const ListActivitiesQuery = Type.Object({ ...PageQuery, teamId: Type.Optional(Uuid()) });
export const SignupBody = Type.Object({ helperId: Uuid() });
export const SignupParams = Type.Object({ id: Uuid(), helperId: Uuid() });
export const HoursBody = Type.Object({ minutes: Int({ minimum: 1, maximum: 24 * 60 }) });

export const RankingQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), limit: Type.Optional(Int({ minimum: 1, maximum: 100, default: 20 })) });
export const Ranking = Type.Object({
  month: Type.String(),
  /** By minutes served, then deeds done in the month (needs confirmed, wishes claimed on the phone and fulfilled). */
  members: Type.Array(Type.Object({ helperId: Type.String(), name: Type.String(), teamName: Nullable(Type.String()), minutes: Type.Integer(), activities: Type.Integer(), deeds: Type.Integer() })),
  teams: Type.Array(Type.Object({ teamId: Type.String(), name: Type.String(), minutes: Type.Integer() })),
  /** Deeds per paired unit done in the month: its own and its members' (needs confirmed, wishes fulfilled), each once. */
  units: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String(), deeds: Type.Integer() })),
});

export const Figures = Type.Object({
  /** Registered people per community and kind. */
  communities: Type.Array(Type.Object({ regionCode: Type.String(), name: Type.String(), partyMembers: Type.Integer(), volunteers: Type.Integer(), others: Type.Integer() })),
  needs: Type.Object({ open: Type.Integer(), claimed: Type.Integer(), done: Type.Integer(), confirmed: Type.Integer() }),
  /** Confirmed deeds per paired unit (its members' deeds included). */
  units: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String(), deeds: Type.Integer() })),
  minutes: Type.Integer(),
});

// A helper's phone page (volunteers.helper.routes.ts)

export const HelperCodeBody = Type.Object({ phone: Text({ minLength: 11, maxLength: 20 }) });
export const HelperSignInBody = Type.Object({ phone: Text({ minLength: 11, maxLength: 20 }), code: Type.String({ pattern: '^[0-9]{6}$', description: 'the six digits of the SMS' }) });

export const HelperMe = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String({ enum: [...HELPER_KINDS] }),
  regionName: Type.String(),
  phone: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  /** Confirmed needs and fulfilled wishes they claimed, each once. */
  deeds: Type.Integer(),
  minutes: Type.Integer(),
  /** 时间银行: the minutes recorded per activity, latest first. */
  timeBank: Type.Array(Type.Object({ activityId: Type.String(), title: Type.String(), startsAt: Timestamp, minutes: Type.Integer() })),
  csrfToken: Type.String(),
});

export const HelperActivity = Type.Object({
  id: Type.String(),
  title: Type.String(),
  place: Type.String(),
  regionName: Type.String(),
  teamName: Nullable(Type.String()),
  startsAt: Timestamp,
  endsAt: Timestamp,
  slots: Type.Integer(),
  signedUp: Type.Integer(),
  mine: Type.Boolean(),
  signedInAt: Nullable(Timestamp),
  minutes: Nullable(Type.Integer()),
  canSignUp: Type.Boolean(),
});

export const HelperNeed = Type.Object({
  id: Type.String(),
  title: Type.String(),
  detail: Nullable(Type.String()),
  kind: Type.String(),
  status: Type.String(),
  regionName: Type.String(),
  mine: Type.Boolean(),
  createdAt: Timestamp,
  version: Type.Integer(),
});

/** A wish as a helper sees it: the wall's fields, never the person or the household. */
export const HelperWish = Type.Object({
  id: Type.String(),
  campaignName: Type.String(),
  endsOn: Type.String(),
  communityName: Type.String(),
  initial: Type.String(),
  age: Type.Integer(),
  kind: Type.String({ enum: ['goods', 'care'] }),
  content: Type.String(),
  status: Type.String(),
  mine: Type.Boolean(),
  claimants: Type.Integer(),
  hasSignature: Type.Boolean(),
  actions: Type.Array(Type.String()),
  version: Type.Integer(),
});
