import { Type } from 'typebox';
import { Base64, Int, NullableTimestamp, PageQuery, RegionCodeSchema, Text, Timestamp, Uuid } from '../../platform/schemas.js';
import { ACTION_STATUSES, ACTION_STEP_NAMES, MEETING_STATUSES, MEETING_STEP_NAMES } from './meetings.workflow.js';

const Ymd = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Hm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());
const NInt = Nullable(Type.Integer());

const PhotoInput = Type.Object({
  filename: Text({ minLength: 1, maxLength: 200 }),
  mime: Text({ maxLength: 64 }),
  /** Base64 of the file (JPEG, PNG or WebP, at most 5 MiB). */
  dataBase64: Base64(7_100_000),
});

const PartySchema = Type.Union(
  ['community', 'party_org', 'owners_committee', 'property_company', 'resident_rep', 'street_cadre', 'department', 'deputy', 'village_sage', 'villager'].map((p) => Type.Literal(p)),
);

const ParticipantInput = Type.Object({
  party: PartySchema,
  label: Text({ minLength: 1, maxLength: 100 }),
  userId: Type.Optional(Uuid()),
  orgId: Type.Optional(Uuid()),
  /** A person's name (a resident representative): sealed in the vault, shown masked, never in public. */
  name: Type.Optional(Text({ minLength: 1, maxLength: 30 })),
  /** A mobile for the SMS reminders (sealed, shown masked). */
  phone: Type.Optional(Text({ maxLength: 20, pattern: '^[0-9+\\- ]{5,20}$' })),
});

/** Inviting a participant; a resident representative may be picked from the household files of the meeting's place. */
export const AddParticipantBody = Type.Object({
  ...ParticipantInput.properties,
  personId: Type.Optional(Uuid({ description: 'a person of the household files of the meeting place (its name is then taken from the file)' })),
});

export const ResidentCandidatesQuery = Type.Object({ q: Text({ minLength: 1, maxLength: 30 }) });
export const ResidentCandidate = Type.Object({ personId: Type.String(), name: Type.String(), householdId: Type.String(), gridCode: Type.String() });

export const DoorTopicBody = Type.Object({
  personId: Uuid({ description: 'the resident who proposes it, a person of the household files' }),
  title: Text({ minLength: 1, maxLength: 200 }),
  detail: Type.Optional(Text({ maxLength: 2000 })),
  visitId: Type.Optional(Uuid()),
});
export const DoorTopicResult = Type.Object({ topicId: Type.String(), meetingId: Type.String(), meetingDate: Type.String(), meetingTitle: Type.String() });

export const KindView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  defaultParties: Type.Array(Type.String()),
  quorum: Type.String(),
  cadence: Type.String(),
  active: Type.Boolean(),
});

export const SaveKindBody = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  name: Text({ minLength: 1, maxLength: 50 }),
  defaultParties: Type.Array(PartySchema, { maxItems: 10 }),
  quorum: Type.String({ pattern: '^\\d{1,2}/\\d{1,2}$', description: 'a fraction of the invited members, e.g. 2/3' }),
  cadence: Type.String({ enum: ['weekly', 'biweekly', 'monthly', 'adhoc'] }),
  active: Type.Optional(Type.Boolean()),
});

const Recurrence = Type.Union([
  Type.Object({ freq: Type.Literal('monthly_day'), day: Type.Integer({ minimum: 1, maximum: 28 }) }),
  Type.Object({ freq: Type.Literal('weekly'), interval: Type.Integer({ minimum: 1, maximum: 8 }), weekday: Type.Integer({ minimum: 1, maximum: 7 }) }),
  Type.Object({ freq: Type.Literal('monthly_nth_weekday'), nth: Type.Integer({ minimum: 1, maximum: 4 }), weekday: Type.Integer({ minimum: 1, maximum: 7 }) }),
]);

export const CreateSeriesBody = Type.Object({
  regionCode: RegionCodeSchema,
  kindCode: Text({ minLength: 1, maxLength: 40 }),
  title: Text({ minLength: 1, maxLength: 200 }),
  convenerOrgId: Type.Optional(Uuid()),
  rule: Recurrence,
  startDate: Ymd,
  endDate: Type.Optional(Ymd),
  startTime: Type.Optional(Hm),
  moveOffDays: Type.Optional(Type.Boolean()),
  participants: Type.Optional(Type.Array(ParticipantInput, { maxItems: 200 })),
});

export const SeriesView = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  kindCode: Type.String(),
  kindName: Type.String(),
  title: Type.String(),
  convenerOrgId: NStr,
  rule: Recurrence,
  startDate: Type.String(),
  endDate: NStr,
  startTime: Type.String(),
  moveOffDays: Type.Boolean(),
  participants: Type.Array(Type.Object({ party: Type.String(), label: Type.String(), userId: Type.Optional(NStr), orgId: Type.Optional(NStr), nameMasked: Type.Optional(NStr), phoneMasked: Type.Optional(NStr) })),
  active: Type.Boolean(),
  createdAt: Timestamp,
});

export const CreateMeetingBody = Type.Object({
  regionCode: RegionCodeSchema,
  kindCode: Text({ minLength: 1, maxLength: 40 }),
  title: Text({ minLength: 1, maxLength: 200 }),
  date: Ymd,
  startTime: Type.Optional(Hm),
  participants: Type.Optional(Type.Array(ParticipantInput, { maxItems: 200 })),
});

const summaryFields = {
  id: Type.String(),
  regionCode: Type.String(),
  seriesId: NStr,
  title: Type.String(),
  date: Type.String(),
  ruleDate: NStr,
  startTime: Type.String(),
  movedReason: NStr,
  status: Type.String({ enum: [...MEETING_STATUSES] }),
  statusName: Type.String(),
  statusReason: NStr,
  quorum: Type.String(),
  version: Type.Integer(),
};

export const MeetingListItem = Type.Object({ ...summaryFields, kindName: Type.String(), placeName: Type.String(), present: Type.Integer(), invited: Type.Integer() });

export const ListMeetingsQuery = Type.Object({
  ...PageQuery,
  regionCode: Type.Optional(RegionCodeSchema),
  seriesId: Type.Optional(Uuid()),
  status: Type.Optional(Type.String({ enum: [...MEETING_STATUSES] })),
  from: Type.Optional(Ymd),
  to: Type.Optional(Ymd),
});

export const ActionView = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  decisionId: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  ownerOrgId: NStr,
  ownerUserId: NStr,
  ownerName: Type.String(),
  deadline: Type.String(),
  progress: Type.Integer(),
  status: Type.String({ enum: [...ACTION_STATUSES] }),
  statusName: Type.String(),
  reason: NStr,
  lateness: Nullable(Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('overdue')])),
  doneAt: NullableTimestamp,
  appealId: NStr,
  steps: Type.Array(Type.String({ enum: [...ACTION_STEP_NAMES] })),
  version: Type.Integer(),
});

export const ActionDetail = Type.Object({
  ...ActionView.properties,
  meetingId: Type.String(),
  updates: Type.Array(Type.Object({ at: Timestamp, progress: Type.Integer(), status: Type.String(), note: NStr, photos: Type.Array(Type.String()) })),
});

export const TopicView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  detail: NStr,
  source: Type.String(),
  categoryCode: NStr,
  appealCount: NInt,
  status: Type.String(),
  reason: NStr,
  stage: Type.String({ enum: ['collected', 'researched', 'consulted', 'concluded'] }),
  researchReport: NStr,
  outcome: NStr,
  /** Proposed at the door during a visit: the resident's name masked, and the visit. */
  proposerName: NStr,
  visitId: NStr,
  createdAt: Timestamp,
});

export const TopicStageBody = Type.Object({
  stage: Type.Union([Type.Literal('researched'), Type.Literal('consulted'), Type.Literal('concluded')]),
  text: Type.Optional(Text({ maxLength: 20000, description: 'the research report (researched) or the outcome (concluded)' })),
});

export const MeetingDetail = Type.Object({
  ...summaryFields,
  kindCode: Type.String(),
  kindName: Type.String(),
  minutes: NStr,
  minutesPhotos: Type.Array(Type.Object({ id: Type.String(), filename: Type.String() })),
  heldAt: NullableTimestamp,
  steps: Type.Array(Type.String({ enum: [...MEETING_STEP_NAMES] })),
  attendance: Type.Object({ invited: Type.Integer(), present: Type.Integer(), needed: Type.Integer(), quorumMet: Type.Boolean() }),
  participants: Type.Array(Type.Object({ id: Type.String(), party: Type.String(), label: Type.String(), nameMasked: Type.Optional(NStr), phoneMasked: Type.Optional(NStr), signedInAt: NullableTimestamp, via: NStr })),
  topics: Type.Array(TopicView),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      topicId: NStr,
      text: Type.String(),
      method: Type.String(),
      votesFor: NInt,
      votesAgainst: NInt,
      votesAbstain: NInt,
      present: Type.Integer(),
      invited: Type.Integer(),
      actionIds: Type.Array(Type.String()),
    }),
  ),
  actions: Type.Array(ActionView),
  carried: Type.Array(ActionView),
  events: Type.Array(Type.Object({ action: Type.String(), from: NStr, to: NStr, reason: NStr, at: Timestamp })),
});

export const StepBody = Type.Object({
  step: Type.Union([Type.Literal('hold'), Type.Literal('postpone'), Type.Literal('cancel')]),
  reason: Type.Optional(Text({ maxLength: 500 })),
  date: Type.Optional(Ymd),
  minutes: Type.Optional(Text({ maxLength: 20000 })),
});

export const MinutesBody = Type.Object({ minutes: Text({ maxLength: 20000 }) });

export const SignInBody = Type.Object({ participantId: Uuid(), via: Type.Optional(Type.Union([Type.Literal('list'), Type.Literal('qr')])) });
export const Attendance = Type.Object({ invited: Type.Integer(), present: Type.Integer(), needed: Type.Integer(), quorumMet: Type.Boolean() });

export const TopicBody = Type.Object({
  title: Text({ minLength: 1, maxLength: 200 }),
  detail: Type.Optional(Text({ maxLength: 2000 })),
  categoryCode: Type.Optional(Text({ minLength: 1, maxLength: 32, description: 'draw the topic from the open appeals of this category at the place' })),
});

export const DecideTopicBody = Type.Object({ accept: Type.Boolean(), reason: Type.Optional(Text({ maxLength: 500 })) });

const ActionInput = Type.Object({
  title: Text({ minLength: 1, maxLength: 200 }),
  ownerOrgId: Type.Optional(Uuid()),
  ownerUserId: Type.Optional(Uuid()),
  deadline: Type.Optional(Ymd),
  withinWorkingDays: Type.Optional(Int({ minimum: 1, maximum: 365 })),
});

export const DecisionBody = Type.Object({
  topicId: Type.Optional(Uuid()),
  text: Text({ minLength: 1, maxLength: 2000 }),
  method: Type.Union([Type.Literal('consensus'), Type.Literal('show_of_hands')]),
  votesFor: Type.Optional(Int({ minimum: 0, maximum: 10000 })),
  votesAgainst: Type.Optional(Int({ minimum: 0, maximum: 10000 })),
  votesAbstain: Type.Optional(Int({ minimum: 0, maximum: 10000 })),
  actions: Type.Array(ActionInput, { maxItems: 20 }),
});

export const ListActionsQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.String({ enum: [...ACTION_STATUSES] })),
  overdue: Type.Optional(Type.Boolean()),
  regionCode: Type.Optional(RegionCodeSchema),
  ownerOrgId: Type.Optional(Uuid()),
});

export const ActionStepBody = Type.Object({
  step: Type.Union([Type.Literal('progress'), Type.Literal('finish'), Type.Literal('drop')]),
  progress: Type.Optional(Int({ minimum: 0, maximum: 100 })),
  note: Type.Optional(Text({ maxLength: 1000 })),
  reason: Type.Optional(Text({ maxLength: 500 })),
  /** Photos of the progress (shown on the public page): at most 4, JPEG, PNG or WebP; metadata dropped. */
  photos: Type.Optional(Type.Array(PhotoInput, { maxItems: 4 })),
});

export const PhotosBody = Type.Object({ photos: Type.Array(PhotoInput, { minItems: 1, maxItems: 4 }) });

export const FiguresQuery = Type.Object({ from: Ymd, to: Ymd, regionCode: Type.Optional(RegionCodeSchema) });
export const Figures = Type.Object({
  byKind: Type.Array(Type.Object({ kindName: Type.String(), total: Type.Integer(), held: Type.Integer(), cancelled: Type.Integer(), attendanceRate: Nullable(Type.Number()) })),
  actions: Type.Object({
    total: Type.Integer(),
    done: Type.Integer(),
    doneOnTime: Type.Integer(),
    doneLate: Type.Integer(),
    overdue: Type.Integer(),
    open: Type.Integer(),
    dropped: Type.Integer(),
  }),
  /** By township and by community (the meeting's place, cut to that level). */
  byPlace: Type.Array(
    Type.Object({
      level: Type.String({ enum: ['township', 'community'] }),
      regionCode: Type.String(),
      name: Type.String(),
      meetings: Type.Integer(),
      held: Type.Integer(),
      decisions: Type.Integer(),
      actions: Type.Integer(),
      actionsDone: Type.Integer(),
    }),
  ),
  /** Appeals resolved through meetings: actions sent into the appeal loop whose appeal closed, and appeals behind a topic closed after its decision. */
  throughAppeals: Type.Object({
    actionsSent: Type.Integer(),
    actionsClosed: Type.Integer(),
    topicsFromAppeals: Type.Integer(),
    topicsDecided: Type.Integer(),
    topicAppealsClosed: Type.Integer(),
    resolved: Type.Integer(),
  }),
});

export const PublicPage = Type.Object({
  code: Type.String(),
  name: Type.String(),
  meetings: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      kindName: Type.String(),
      date: Type.String(),
      status: Type.String(),
      statusName: Type.String(),
      decisions: Type.Array(
        Type.Object({
          text: Type.String(),
          method: Type.String(),
          votesFor: NInt,
          votesAgainst: NInt,
          votesAbstain: NInt,
          actions: Type.Array(
            Type.Object({
              id: Type.String(),
              title: Type.String(),
              owner: Type.String(),
              deadline: Type.String(),
              status: Type.String(),
              statusName: Type.String(),
              progress: Type.Integer(),
              lateness: NStr,
              doneOn: NStr,
              updates: Type.Array(Type.Object({ on: Type.String(), progress: Type.Integer(), status: Type.String(), photos: Type.Array(Type.String()) })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const PublicSignIn = Type.Object({
  title: Type.String(),
  date: Type.String(),
  startTime: Type.String(),
  participants: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), signedIn: Type.Boolean() })),
  present: Type.Integer(),
  invited: Type.Integer(),
});
