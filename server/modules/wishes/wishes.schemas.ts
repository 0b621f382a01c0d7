import { Type } from 'typebox';
import { Base64, Int, NullableTimestamp, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid, Version } from '../../platform/schemas.js';
import { PhotoInput } from '../appeals/appeals.schemas.js';
import { HELPER_KINDS, WISH_ACTION_NAMES, WISH_STATUSES } from './wishes.workflow.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date' });
const Age = Int({ minimum: 0, maximum: 150 });

const Progress = Type.Object({
  collected: Type.Integer(),
  claimed: Type.Integer(),
  fulfilled: Type.Integer(),
  confirmed: Type.Integer(),
  thanked: Type.Integer(),
  /** Fulfilled on or before the campaign's last day. */
  onTime: Type.Integer(),
  late: Type.Integer(),
});

export const CampaignView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  ageMin: Nullable(Type.Integer()),
  ageMax: Nullable(Type.Integer()),
  requiredTag: Nullable(Type.String()),
  requiredTagName: Nullable(Type.String()),
  progress: Progress,
  createdAt: Timestamp,
  version: Type.Integer(),
});

export const CommunityProgress = Type.Array(Type.Object({ regionCode: Type.String(), name: Type.String(), ...Progress.properties }));

export const CreateCampaignBody = Type.Object({
  regionCode: RegionCodeSchema,
  name: Text({ minLength: 1, maxLength: 100 }),
  startsOn: Day,
  endsOn: Day,
  ageMin: Type.Optional(Age),
  ageMax: Type.Optional(Age),
  requiredTag: Type.Optional(Text({ minLength: 1, maxLength: 32 })),
});

const Helper = Type.Object({ kind: Type.String({ enum: [...HELPER_KINDS] }), name: Type.String(), phone: Nullable(Type.String()) });

export const WishView = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  campaignName: Type.String(),
  regionCode: Type.String(),
  communityName: Type.String(),
  initial: Type.String(),
  age: Type.Integer(),
  kind: Type.String({ enum: ['goods', 'care'] }),
  content: Type.String(),
  status: Type.String({ enum: [...WISH_STATUSES] }),
  helpers: Type.Array(Helper),
  collectedAt: Timestamp,
  claimedAt: NullableTimestamp,
  fulfilledAt: NullableTimestamp,
  fulfilledOn: Nullable(Type.String()),
  /** Fulfilled after the campaign's last day; null until fulfilled. */
  late: Nullable(Type.Boolean()),
  confirmedAt: NullableTimestamp,
  confirmMethod: Nullable(Type.String()),
  thanks: Nullable(Type.String()),
  version: Type.Integer(),
});

export const WishDetail = Type.Object({
    ...WishView.properties,
    personId: Type.String(),
    householdId: Type.String(),
    /** The fulfilment photos and (kind `signature`) the recipient's signature of receipt. */
    photos: Type.Array(Type.Object({ id: Type.String(), takenOn: Type.String(), kind: Type.String({ enum: ['fulfilment', 'signature'] }) })),
    events: Type.Array(Type.Object({ action: Type.String(), toStatus: Type.String(), actorName: Type.String(), note: Nullable(Type.String()), at: Timestamp })),
    /** The steps the caller may take now, from the workflow's rows. */
    actions: Type.Array(Type.String({ enum: WISH_ACTION_NAMES })),
});

export const CollectWishBody = Type.Object({
  campaignId: Uuid(),
  personId: Uuid(),
  kind: Type.String({ enum: ['goods', 'care'] }),
  content: Text({ minLength: 1, maxLength: 200 }),
});

export const WishActionParams = Type.Object({ id: Uuid(), action: Type.String({ enum: WISH_ACTION_NAMES }) });

/** The recipient's signature drawn on a phone: a PNG of at most 200 KiB (base64 is 4/3 of it). */
export const SignatureInput = Type.Object({ dataBase64: Base64(Math.ceil((200 * 1024 * 4) / 3) + 4) });

export const WishActionBody = Type.Object({
  version: Version,
  note: Type.Optional(Text({ maxLength: 500 })),
  /** claim, join: who helps. */
  helper: Type.Optional(Type.Object({ kind: Type.String({ enum: [...HELPER_KINDS] }), name: Text({ minLength: 1, maxLength: 100 }), phone: Type.Optional(Text({ maxLength: 20 })), helperId: Type.Optional(Uuid()), unitId: Type.Optional(Uuid()) })),
  /** fulfil: the photo and the day it was taken. */
  photo: Type.Optional(PhotoInput),
  takenOn: Type.Optional(Day),
  /** confirm: a callback (回访电话) or a signature on the phone. */
  method: Type.Optional(Type.String({ enum: ['callback', 'signature'] })),
  /** confirm by signature: the drawing as a PNG (at most 200 KiB). */
  signature: Type.Optional(SignatureInput),
  /** thank: the words shown on the wall. */
  thanks: Type.Optional(Text({ minLength: 1, maxLength: 300 })),
});

export const ListWishesQuery = Type.Object({
  ...PageQuery,
  campaignId: Type.Optional(Uuid()),
  status: Type.Optional(Type.String({ enum: [...WISH_STATUSES] })),
});

export const ListCampaignsQuery = Type.Object({ ...PageQuery });

export const PublicCampaign = Type.Object({
  id: Type.String(),
  name: Type.String(),
  regionName: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  progress: Progress,
});

/** The public wall: no name, no household, no photo: an initial, an age, the wish, the community. */
export const PublicWish = Type.Object({
  id: Type.String(),
  initial: Type.String(),
  age: Type.Integer(),
  kind: Type.String(),
  content: Type.String(),
  community: Type.String(),
  status: Type.String(),
  statusText: Type.String(),
  helpers: Type.Array(Type.String()),
  thanks: Nullable(Type.String()),
});

export const PublicWishesQuery = Type.Object({ ...PageQuery, campaignId: Uuid() });
