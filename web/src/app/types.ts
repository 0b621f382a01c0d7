/**
 * Response and request shapes of the API, checked by hand against the TypeBox schemas in
 * server/modules/*\/*.schemas.ts and *.routes.ts. Timestamps are ISO 8601 strings.
 */

export type Role = 'admin' | 'leader' | 'dispatcher' | 'handler' | 'community_staff' | 'grid_worker';
export const ROLES: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'];

export type GridWorkerKind = 'full_time' | 'part_time' | 'group_leader';
export type OrgKind = 'department' | 'governance_center' | 'workstation';
export type Level = 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';

/** The error body every route answers with. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---- users / auth (users.schemas.ts)

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** '' is the whole installation. */
  regionCode: string;
  regionName: string;
  orgId: string | null;
  orgName: string | null;
  gridWorkerKind: string | null;
  disabled: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt?: string;
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  orgId?: string | null;
  gridWorkerKind?: GridWorkerKind | null;
}

export interface UpdateUserBody {
  version: number;
  displayName?: string;
  roles?: Role[];
  regionCode?: string;
  orgId?: string | null;
  gridWorkerKind?: GridWorkerKind | null;
  disabled?: boolean;
  password?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  keyPrefix: string;
  roles: Role[];
  regionCode: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyBody {
  name: string;
  roles: Role[];
  regionCode: string;
}

export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
}

// ---- regions (regions.schemas.ts)

export interface RegionNode {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  hasChildren: boolean;
}

export interface RegionSearchHit extends RegionNode {
  /** "江西省 / 吉安市 / 吉州区" */
  path: string;
}

export interface RegionDetail {
  node: RegionNode;
  ancestors: { code: string; name: string; level: Level }[];
  counts: { cities: number; counties: number; townships: number; villages: number; grids: number };
}

// ---- grids (grids.schemas.ts)

export interface GridWorker {
  userId: string;
  username: string;
  displayName: string;
  kind: string;
}

export interface Grid {
  code: string;
  name: string;
  villageCode: string;
  /** basic 基础网格 | dedicated 专属网格 */
  kind: string;
  centroid: number[];
  bbox: number[];
  workers: GridWorker[];
}

export interface Polygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface GridDetail extends Grid {
  polygon: Polygon;
}

export interface GridFeature {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string; villageCode: string; kind: string };
  geometry: Polygon;
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  truncated: boolean;
  features: GridFeature[];
}

// ---- orgs (orgs.schemas.ts) and categories

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  regionName: string;
  phone: string | null;
  description: string | null;
  categoryCodes: string[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateOrgBody {
  name: string;
  kind: OrgKind;
  regionCode: string;
  phone?: string | null;
  description?: string | null;
  categoryCodes: string[];
}

export interface UpdateOrgBody extends Partial<CreateOrgBody> {
  version: number;
  active?: boolean;
}

export interface Category {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  active: boolean;
}

// ---- audit (audit.routes.ts)

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

// ---- overview (overview.routes.ts)

export interface Overview {
  regionCode: string;
  counts: {
    counties: number;
    townships: number;
    villages: number;
    grids: number;
    gridWorkers: number;
    orgs: number;
    accounts: number;
  };
  byChild: { code: string; name: string; grids: number; workers: number }[];
}

// ---- appeals (appeals.schemas.ts, appeals.workflow.ts, appeals.queries.ts)

export type AppealStatus = 'registered' | 'accepted' | 'not_accepted' | 'dispatched' | 'in_progress' | 'handled' | 'feedback_given' | 'closed' | 'merged';
export type AppealChannel = 'visit' | 'listening_point' | 'hotline' | 'qr' | 'photo' | 'patrol' | 'deliberation' | 'enterprise' | 'petition' | '12345' | 'other';
export type Urgency = 'normal' | 'urgent' | 'emergency';
export type RequesterKind = 'resident' | 'enterprise' | 'anonymous';
/** green 正常 · yellow 即将超期 · red 已超期 · paused 暂停计时; null when no handling clock runs. */
export type AppealClock = 'green' | 'yellow' | 'red' | 'paused';
export type AppealBox =
  | 'all'
  | 'to_accept'
  | 'to_dispatch'
  | 'to_sign'
  | 'in_progress'
  | 'to_feedback'
  | 'to_evaluate'
  | 'overdue'
  | 'leader_cases'
  | 'needs_placement'
  | 'requests'
  | 'mine';
export type AppealAction =
  | 'accept'
  | 'reject'
  | 'solve_on_spot'
  | 'place'
  | 'dispatch'
  | 'whistle'
  | 'sign'
  | 'return'
  | 'note'
  | 'request_extension'
  | 'request_deferral'
  | 'decide_request'
  | 'await_requester'
  | 'resume'
  | 'handle'
  | 'feedback'
  | 'evaluate'
  | 'evaluate_org'
  | 'assign_leader'
  | 'instruct'
  | 'merge';
export type LimitUnit = 'working_hours' | 'working_days' | 'hours' | 'days';

export interface PhotoInput {
  filename: string;
  mime: string;
  /** Base64 of a JPEG, PNG or WebP file of at most 5 MiB. */
  dataBase64: string;
}

export interface AppealListItem {
  id: string;
  number: string;
  title: string;
  channel: AppealChannel;
  status: AppealStatus;
  categoryCode: string;
  urgency: Urgency;
  tags: string[];
  regionCode: string;
  regionName: string;
  gridCode: string | null;
  needsPlacement: boolean;
  handlingOrgId: string | null;
  handlingOrgName: string | null;
  leaderUserId: string | null;
  whistled: boolean;
  onSpot: boolean;
  reworkCount: number;
  masterId: string | null;
  requesterKind: RequesterKind;
  /** Masked: 王** (or the enterprise's name). */
  requesterName: string | null;
  /** Masked: 138****1234. */
  requesterPhone: string | null;
  createdAt: string;
  responseDueAt: string | null;
  handlingDueAt: string | null;
  handledAt: string | null;
  closedAt: string | null;
  clock: AppealClock | null;
  version: number;
}

export interface AppealPart {
  orgId: string;
  orgName: string;
  /** lead 牵头 | co 协办 */
  role: string;
  task: string | null;
  /** dispatched | in_progress | handled | returned */
  status: string;
  result: string | null;
  dispatchedAt: string;
  signedAt: string | null;
  handledAt: string | null;
}

export interface AppealEvent {
  id: number;
  at: string;
  type: string;
  fromStatus: AppealStatus | null;
  toStatus: AppealStatus | null;
  actorName: string;
  actorKind: string;
  orgName: string | null;
  note: string | null;
  /** What the requester sees on the tracking page (群众可见). */
  publicText: string | null;
  data: Record<string, unknown> | null;
}

export interface AppealRequest {
  id: string;
  /** extension 延期 | deferral 缓办 */
  kind: string;
  reason: string;
  amount: number | null;
  unit: LimitUnit | null;
  /** pending | approved | refused */
  status: string;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface AppealEvaluation {
  round: number;
  /** requester 群众评价 | township 乡镇评价承办单位 */
  kind: string;
  rating: string;
  solved: boolean | null;
  verified: boolean | null;
  method: string;
  comment: string | null;
  by: string;
  at: string;
}

export interface AppealAttachment {
  id: string;
  eventId: number | null;
  filename: string;
  mime: string;
  size: number;
}

export interface AppealDetail extends AppealListItem {
  content: string;
  address: string | null;
  location: { lon: number; lat: number } | null;
  enterpriseName: string | null;
  categoryName: string;
  result: string | null;
  acceptedAt: string | null;
  dispatchedAt: string | null;
  signedAt: string | null;
  warnAt: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
  deferred: boolean;
  parts: AppealPart[];
  events: AppealEvent[];
  requests: AppealRequest[];
  evaluations: AppealEvaluation[];
  attachments: AppealAttachment[];
  merged: { id: string; number: string; title: string }[];
  master: { id: string; number: string } | null;
  /** The actions this caller may take now. */
  actions: AppealAction[];
}

export interface AppealFilter {
  box?: AppealBox;
  status?: AppealStatus;
  channel?: AppealChannel;
  categoryCode?: string;
  urgency?: Urgency;
  regionCode?: string;
  orgId?: string;
  q?: string;
  /** ISO date-times (created between). */
  from?: string;
  to?: string;
}

export interface CreateAppealBody {
  channel: AppealChannel;
  requester: { kind: RequesterKind; name?: string; phone?: string; enterpriseName?: string };
  title?: string;
  content: string;
  categoryCode: string;
  urgency?: Urgency;
  tags?: string[];
  location?: { lon: number; lat: number };
  address?: string;
  placeCode?: string;
  photos?: PhotoInput[];
  solvedOnSpot?: { result: string };
}

export interface AppealActionBody {
  version: number;
  reason?: string;
  note?: string;
  result?: string;
  leadOrgId?: string;
  coOrgs?: { orgId: string; task?: string }[];
  target?: string;
  gridCode?: string;
  amount?: number;
  unit?: LimitUnit;
  requestId?: string;
  approve?: boolean;
  rating?: string;
  solved?: boolean;
  verified?: boolean;
  method?: 'callback' | 'staff';
  leaderUserId?: string;
  masterId?: string;
  photos?: PhotoInput[];
}

export interface RevealedRequester {
  name: string | null;
  phone: string | null;
  enterpriseName: string | null;
}

// ---- notifications and outbox (notifications.routes.ts)

export interface AppNotification {
  id: number;
  at: string;
  kind: string;
  title: string;
  body: string | null;
  appealId: string | null;
  readAt: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

export interface OutboxMessage {
  id: number;
  channel: string;
  /** Masked phone number. */
  recipient: string;
  body: string;
  appealId: string | null;
  /** pending | sent | failed */
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

// ---- calendar (calendar.routes.ts)

export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  /** holiday 放假 | workday 调休上班 */
  kind: 'holiday' | 'workday';
  name: string;
}
