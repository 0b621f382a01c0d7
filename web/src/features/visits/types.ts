/**
 * 入户听诉 (door-to-door listening): the shapes the visits API answers with. The server's TypeBox
 * schemas (server/modules/visits/visits.schemas.ts) are the source of truth; this mirrors them for the
 * console (web/src/features/visits) and the grid worker's phone app (web/src/mobile/worker).
 */

/** 错时听诉 windows: morning 晨访, noon 午访, afternoon 日间, evening 夜访 (China local time, HH:MM). */
export interface VisitWindow {
  code: string;
  name: string;
  nameEn: string;
  start: string;
  end: string;
}

export interface VisitSettings {
  /** The settings row that applies: '' is the installation default, else a division code. */
  regionCode: string;
  dailyQuota: number;
  cadreCoverageDays: number;
  farMeters: number;
  windows: VisitWindow[];
  /** Household type code → window code. */
  typeWindows: Record<string, string>;
}

export interface MemberCard {
  name: string;
  relation: string | null;
  age: number | null;
  sex: string | null;
  /** Masked: 138****5678. */
  phoneMasked: string | null;
}

/** A household as the grid worker needs it at the door: no ID numbers, phones masked. */
export interface HouseholdCard {
  id: string;
  gridCode: string;
  gridName: string;
  address: string;
  type: string;
  typeName: string;
  tags: string[];
  tagNames: string[];
  vulnerable: boolean;
  riskLevel: string;
  riskNotes: string | null;
  headName: string | null;
  memberCount: number;
  members: MemberCard[];
  visitIntervalDays: number;
  lastVisitAt: string | null;
  /** When the next visit is due (null: never visited, due now). */
  dueAt: string | null;
  lon: number | null;
  lat: number | null;
  /** The file's version, for a file change made at the door. */
  version: number;
}

export type PlanItemStatus = 'planned' | 'visited' | 'nobody_home' | 'swapped_out';

export interface PlanItem {
  id: string;
  seq: number;
  window: string;
  windowName: string;
  status: PlanItemStatus;
  /** Why this household is on today's plan, in words. */
  reason: string;
  /** vulnerable | overdue | never | nobody_home | early | swap */
  reasonCodes: string[];
  visitId: string | null;
  swapReason: string | null;
  household: HouseholdCard;
}

export interface Plan {
  id: string;
  date: string;
  workerId: string;
  workerName: string;
  quota: number;
  workingDay: boolean;
  items: PlanItem[];
  counts: { planned: number; visited: number; nobodyHome: number };
}

export interface OfflinePackage {
  generatedAt: string;
  plan: Plan;
  /** Every household of the worker's own grids (for swaps and visits off the plan). */
  households: HouseholdCard[];
  /** Level-2 appeal categories, for an appeal raised at the door. */
  categories: { code: string; name: string }[];
  settings: VisitSettings;
}

export type VisitOutcome = 'met' | 'nobody_home';
export type VisitFinding = 'nothing' | 'on_spot' | 'appeal' | 'file_change' | 'service';
/** The grid worker's four services: 定点 fixed_point, 上门 home, 代办 proxy, 帮办 assist. */
export type ServiceKind = 'fixed_point' | 'home' | 'proxy' | 'assist';

export interface VisitSubmission {
  /** The phone's idempotency key (a UUID made when the visit is saved on the phone). */
  clientId: string;
  householdId: string;
  planItemId?: string;
  checkInAt: string;
  location?: { lon: number; lat: number; accuracy?: number };
  outcome: VisitOutcome;
  metWith?: string;
  situation?: string;
  finding: VisitFinding;
  findingNote?: string;
  serviceKind?: ServiceKind;
  /** finding = appeal: a new appeal in the loop, channel 入户走访. */
  appeal?: { content: string; categoryCode: string; urgency?: 'normal' | 'urgent' };
  /** finding = on_spot: solved at the door (就地解决), recorded as an appeal solved on the spot. */
  onSpot?: { content: string; result: string; categoryCode: string };
  /** finding = file_change: a change to the household file, made against `version`. */
  fileChange?: { version: number; reason: string; patch: { type?: string; tags?: string[]; riskLevel?: string; riskNotes?: string | null } };
  /** At most 4 photos, JPEG/PNG/WebP, 5 MiB each, base64. */
  photos?: { filename: string; mime: string; data: string }[];
}

export interface Visit {
  id: string;
  clientId: string;
  householdId: string;
  householdAddress: string;
  gridCode: string;
  workerName: string;
  byCadre: boolean;
  planItemId: string | null;
  window: string | null;
  checkInAt: string;
  receivedAt: string;
  outcome: VisitOutcome;
  metWith: string | null;
  situation: string | null;
  finding: VisitFinding;
  findingNote: string | null;
  serviceKind: ServiceKind | null;
  appealId: string | null;
  appealNumber: string | null;
  /** Why the appeal the visit raised could not be registered (the visit itself is kept). */
  appealError: string | null;
  /** File change: applied | conflict | discarded (null when the visit changed nothing). */
  changeStatus: 'applied' | 'conflict' | 'discarded' | null;
  /** When the file changed since the phone loaded it: what differs; resolve with POST /api/visits/:id/resolve. */
  conflict: { message: string; fields: { field: string; mine: unknown; current: unknown }[] } | null;
  /** far_from_household | late_sync | no_location */
  flags: string[];
  distanceM: number | null;
  photoCount: number;
  /** True when this answer is for a submission already received (a retry). */
  replayed: boolean;
}

export interface CoverageRow {
  code: string;
  name: string;
  households: number;
  visitedHouseholds: number;
  coverage: number | null;
  visits: number;
  nobodyHome: number;
  workers: number;
  visitsPerWorkerDay: number | null;
  vulnerableHouseholds: number;
  vulnerableOverdue: number;
  neverVisited: number;
}

export interface Coverage {
  from: string;
  to: string;
  workingDays: number;
  groupBy: 'grid' | 'village' | 'township' | 'county';
  /** When a county's or wider area's household figures were counted (a background job); null: live. */
  countedAt: string | null;
  totals: CoverageRow;
  rows: CoverageRow[];
}

export interface WorkerRow {
  userId: string;
  name: string;
  grids: string[];
  /** The grids' names, in the order of `grids`. */
  gridNames: string[];
  visits: number;
  perDay: number | null;
  daysUnderQuota: number;
  underQuota: boolean;
}

export interface WorkersReport {
  from: string;
  to: string;
  quota: number;
  workingDays: number;
  rows: WorkerRow[];
}

export interface OverdueHousehold {
  householdId: string;
  address: string;
  gridCode: string;
  gridName: string;
  type: string;
  typeName: string;
  tagNames: string[];
  vulnerable: boolean;
  lastVisitAt: string | null;
  visitIntervalDays: number;
  dueAt: string | null;
  overdueDays: number | null;
}

export interface CadreCoverage {
  from: string;
  to: string;
  totals: { code: string; name: string; households: number; covered: number; coverage: number | null };
  rows: { code: string; name: string; households: number; covered: number; coverage: number | null }[];
}
