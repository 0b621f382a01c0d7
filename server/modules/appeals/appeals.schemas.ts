import { Type } from 'typebox';
import { Base64, Int, NullableTimestamp, Num, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';
import { CHANNELS } from './appeals.register.js';
import { BOXES } from './appeals.inbox.js';
import { ACTIONS, STATUSES } from './appeals.workflow.js';


const Channel = Type.String({ enum: [...CHANNELS] });
const StatusSchema = Type.String({ enum: [...STATUSES] });
const Urgency = Type.String({ enum: ['normal', 'urgent', 'emergency'] });
export const ActionName = Type.String({ enum: Object.keys(ACTIONS) });

export const PhotoInput = Type.Object({
  filename: Text({ minLength: 1, maxLength: 200 }),
  mime: Text({ maxLength: 64 }),
  /** Base64 of the file (JPEG, PNG or WebP, at most 5 MiB). */
  dataBase64: Base64(7_100_000),
});

const Requester = Type.Object({
  kind: Type.String({ enum: ['resident', 'enterprise', 'anonymous'] }),
  name: Type.Optional(Text({ maxLength: 50 })),
  phone: Type.Optional(Text({ maxLength: 20 })),
  enterpriseName: Type.Optional(Text({ maxLength: 100 })),
});

export const Location = Type.Object({ lon: Num({ minimum: -180, maximum: 180 }), lat: Num({ minimum: -90, maximum: 90 }) });

export const CreateAppealBody = Type.Object({
  channel: Channel,
  requester: Requester,
  title: Type.Optional(Text({ maxLength: 100 })),
  content: Text({ minLength: 1, maxLength: 5000 }),
  categoryCode: Text({ minLength: 1, maxLength: 32 }),
  urgency: Type.Optional(Urgency),
  tags: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
  location: Type.Optional(Location),
  address: Type.Optional(Text({ maxLength: 200 })),
  placeCode: Type.Optional(RegionCodeSchema),
  photos: Type.Optional(Type.Array(PhotoInput, { maxItems: 9 })),
  solvedOnSpot: Type.Optional(Type.Object({ result: Text({ minLength: 1, maxLength: 2000 }) })),
});

export const ActionBody = Type.Object({
  version: Version,
  reason: Type.Optional(Text({ maxLength: 2000 })),
  note: Type.Optional(Text({ maxLength: 5000 })),
  result: Type.Optional(Text({ maxLength: 5000 })),
  leadOrgId: Type.Optional(Type.String({ format: 'uuid' })),
  coOrgs: Type.Optional(Type.Array(Type.Object({ orgId: Type.String({ format: 'uuid' }), task: Type.Optional(Text({ maxLength: 500 })) }), { maxItems: 10 })),
  target: Type.Optional(Text({ maxLength: 40 })),
  gridCode: Type.Optional(Type.String({ pattern: '^\\d{15}$' })),
  categoryCode: Type.Optional(Text({ minLength: 1, maxLength: 32 })),
  amount: Type.Optional(Int({ minimum: 1, maximum: 1000 })),
  unit: Type.Optional(Type.String({ enum: ['working_hours', 'working_days', 'hours', 'days'] })),
  requestId: Type.Optional(Type.String({ format: 'uuid' })),
  approve: Type.Optional(Type.Boolean()),
  rating: Type.Optional(Text({ maxLength: 24 })),
  solved: Type.Optional(Type.Boolean()),
  verified: Type.Optional(Type.Boolean()),
  method: Type.Optional(Type.String({ enum: ['callback', 'staff'] })),
  leaderUserId: Type.Optional(Type.String({ format: 'uuid' })),
  masterId: Type.Optional(Type.String({ format: 'uuid' })),
  /** withdraw (撤诉): who asked for it, the requester or a department (audited monthly). */
  askedBy: Type.Optional(Type.String({ enum: ['requester', 'department'] })),
  photos: Type.Optional(Type.Array(PhotoInput, { maxItems: 9 })),
});

export const AppealListItem = Type.Object({
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  categoryCode: Type.String(),
  urgency: Type.String(),
  tags: Type.Array(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  needsPlacement: Type.Boolean(),
  handlingOrgId: Type.Union([Type.String(), Type.Null()]),
  handlingOrgName: Type.Union([Type.String(), Type.Null()]),
  leaderUserId: Type.Union([Type.String(), Type.Null()]),
  whistled: Type.Boolean(),
  onSpot: Type.Boolean(),
  /** 即诉即办: in the fast queue, due the end of the working day it came in. */
  fastTrack: Type.Boolean(),
  reworkCount: Type.Integer(),
  /** 催办、督办 so far. */
  urgeCount: Type.Integer(),
  superviseCount: Type.Integer(),
  /** Residents who said 我也遇到 (me too) on the QR page. */
  affected: Type.Integer(),
  masterId: Type.Union([Type.String(), Type.Null()]),
  requesterKind: Type.String(),
  requesterName: Type.Union([Type.String(), Type.Null()]),
  requesterPhone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  responseDueAt: NullableTimestamp,
  handlingDueAt: NullableTimestamp,
  handledAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  clock: Type.Union([Type.String({ enum: ['green', 'yellow', 'red', 'paused'] }), Type.Null()]),
  /**
   * The limit of the stage the appeal is in (办理时限): 受理时限 of its channel while it waits at the desk,
   * else the handling limit of its category and urgency (the rules in force now).
   */
  timeLimit: Type.Union([Type.Object({ stage: Type.String({ enum: ['accept', 'handling'] }), amount: Type.Number(), unit: Type.String() }), Type.Null()]),
  /** The deadline running now (受理 while registered, 办结 while handled), and how close it is, as `clock`. */
  deadline: Type.Union([
    Type.Object({ stage: Type.String({ enum: ['accept', 'handling'] }), at: Timestamp, state: Type.String({ enum: ['green', 'yellow', 'red', 'paused'] }) }),
    Type.Null(),
  ]),
  version: Type.Integer(),
});

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AppealDetail = Type.Object({
  ...AppealListItem.properties,
  leaderName: N(Type.String()),
  reporterName: N(Type.String()),
  content: Type.String(),
  address: N(Type.String()),
  location: Type.Union([Location, Type.Null()]),
  enterpriseName: N(Type.String()),
  categoryName: Type.String(),
  result: N(Type.String()),
  /** 受理时限, while the appeal waits to be accepted. */
  acceptDueAt: NullableTimestamp,
  acceptedAt: NullableTimestamp,
  dispatchedAt: NullableTimestamp,
  signedAt: NullableTimestamp,
  warnAt: NullableTimestamp,
  pausedAt: NullableTimestamp,
  pauseReason: N(Type.String()),
  deferred: Type.Boolean(),
  parts: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      role: Type.String(),
      task: N(Type.String()),
      status: Type.String(),
      result: N(Type.String()),
      dispatchedAt: Timestamp,
      signedAt: NullableTimestamp,
      handledAt: NullableTimestamp,
    }),
  ),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Timestamp,
      type: Type.String(),
      fromStatus: N(Type.String()),
      toStatus: N(Type.String()),
      actorName: Type.String(),
      actorKind: Type.String(),
      orgName: N(Type.String()),
      note: N(Type.String()),
      publicText: N(Type.String()),
      data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
      placeName: N(Type.String({ description: '事件所涉网格的名称（如落格） The name of the grid the event names (placed)' })),
    }),
  ),
  requests: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      reason: Type.String(),
      amount: Type.Union([Type.Integer(), Type.Null()]),
      unit: N(Type.String()),
      status: Type.String(),
      requestedBy: Type.String(),
      decidedBy: N(Type.String()),
      decidedAt: NullableTimestamp,
      createdAt: Timestamp,
    }),
  ),
  evaluations: Type.Array(
    Type.Object({
      round: Type.Integer(),
      kind: Type.String(),
      rating: Type.String(),
      solved: Type.Union([Type.Boolean(), Type.Null()]),
      verified: Type.Union([Type.Boolean(), Type.Null()]),
      method: Type.String(),
      comment: N(Type.String()),
      by: Type.String(),
      at: Timestamp,
    }),
  ),
  attachments: Type.Array(Type.Object({ id: Type.String(), eventId: Type.Union([Type.Integer(), Type.Null()]), filename: Type.String(), mime: Type.String(), size: Type.Integer() })),
  merged: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), title: Type.String() })),
  master: Type.Union([Type.Object({ id: Type.String(), number: Type.String() }), Type.Null()]),
  actions: Type.Array(Type.String()),
});

export const ListQuery = Type.Object({
  ...PageQuery,
  box: Type.Optional(Type.String({ enum: [...BOXES] })),
  status: Type.Optional(Type.Array(StatusSchema)),
  channel: Type.Optional(Channel),
  categoryCode: Type.Optional(Text({ maxLength: 32 })),
  urgency: Type.Optional(Urgency),
  regionCode: Type.Optional(RegionCodeSchema),
  orgId: Type.Optional(Type.String({ format: 'uuid' })),
  q: Type.Optional(Text({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

/**
 * A search by the requester's phone goes in a POST body, never in an address: addresses end up in
 * proxies' access logs, browser history and bookmarks. Checked by the service (a clear 400
 * `invalid_phone`), matched through the blind index, audited.
 */
const PhoneSearch = {
  phone: Type.Optional(Text({ minLength: 1, maxLength: 32, description: "the requester's full phone number (11-digit mobile, or a landline with its area code)" })),
};

/** POST /appeals/search: the list's filters plus the requester's phone. */
export const SearchBody = Type.Object({ ...ListQuery.properties, ...PhoneSearch });

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The ledger export: the list's filters, or just the rows chosen (ids, comma-separated). */
export const ExportQuery = Type.Object({
  ...ListQuery.properties,
  ids: Type.Optional(
    Type.String({
      pattern: `^${UUID}(,${UUID}){0,199}$`,
      maxLength: 200 * 37,
      description: 'up to 200 appeal ids, comma-separated: export only these (still within the caller’s scope)',
    }),
  ),
});

/** POST /appeals/export: the same, with the requester's phone kept out of the address. */
export const ExportBody = Type.Object({ ...ExportQuery.properties, ...PhoneSearch });

/** 批量受理: each appeal with the version the desk last read. */
export const BulkAcceptBody = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid(), version: Version }), { minItems: 1, maxItems: 200 }),
});

export const BulkResult = Type.Object({
  done: Type.Integer(),
  refused: Type.Integer(),
  /** One per item, in the order given: done, or refused with the code and message of the refusal. */
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      number: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([Type.String(), Type.Null()]),
      version: Type.Union([Type.Integer(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
      httpStatus: Type.Union([Type.Integer(), Type.Null()]),
      message: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});


export const AppealCreated = Type.Object({ id: Type.String(), number: Type.String(), status: Type.String(), version: Type.Integer() });

/** Why a suggestion is offered: 同一网格, 相距 42 米, 3 天前, 文字相似 0.71, 同一诉求人, 同类. */
export const SimilarReason = Type.Object({
  code: Type.String({ enum: ['same_grid', 'distance', 'days', 'text', 'same_requester', 'same_category'] }),
  value: Type.Optional(Type.Number()),
});

export const Similar = Type.Object({
  items: Type.Array(Type.Object({ appeal: AppealListItem, score: Type.Number(), reasons: Type.Array(SimilarReason) })),
  /** The score a suggestion needs to be shown. */
  threshold: Type.Number(),
});

export const SimilarBody = Type.Object({
  title: Type.Optional(Text({ maxLength: 100 })),
  content: Text({ minLength: 1, maxLength: 5000 }),
  categoryCode: Type.Optional(Text({ maxLength: 32 })),
  phone: Type.Optional(Text({ minLength: 3, maxLength: 32 })),
  lon: Type.Optional(Num({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Num({ minimum: -90, maximum: 90 })),
  placeCode: Type.Optional(RegionCodeSchema),
  exclude: Type.Optional(Uuid()),
});

/** 多诉统办 clusters: open appeals about one problem, the oldest first (the master when handled as one). */
export const Clusters = Type.Object({
  items: Type.Array(
    Type.Object({
      masterId: Type.String(),
      appeals: Type.Array(AppealListItem),
      /** Why they are one problem: the reasons of the links that joined them (no personal data). */
      reasons: Type.Array(Type.String({ enum: ['same_grid', 'distance', 'days', 'text', 'same_requester', 'same_category'] })),
      /** Distinct requesters and residents who said 我也遇到. */
      affected: Type.Integer(),
      lon: Type.Union([Type.Number(), Type.Null()]),
      lat: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
