/**
 * The API's shapes as the console and the phone apps name them. Every type here is an alias of a type
 * generated from the server's OpenAPI document (api.gen.ts, `npm run gen:api`), picked by route and
 * method: when a route's schema changes, the web's type check (`tsc --noEmit -p web`) shows what breaks.
 * Type-only: the phone apps import it without pulling in any console code.
 */
import type { components, paths } from './api.gen';

// ---- picking types out of the generated paths

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Op<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON a route answers with on success (its 200, 201 or 202 answer). */
type Answer<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201 | 202>]> : never;

/** The JSON body a route takes. */
type Body<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The path parameters a route takes. */
type PathOf<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { parameters: { path: infer A } } ? A : never;

/** The query string a GET route takes. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

type Item<T> = T extends readonly (infer I)[] ? I : never;
type PageItem<T> = T extends { items: readonly (infer I)[] } ? I : never;

/** A page of a list: every paged route answers { items, total, page, pageSize }. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The error body every route answers with. */
export type ErrorBody = components['schemas']['ErrorResponse'];

// ---- users, sign-in, API keys

export type Session = Answer<'/api/auth/me', 'get'>;
export type User = Answer<'/api/users/{id}', 'get'>;
export type Role = Item<User['roles']>;
export type CreateUserBody = Body<'/api/users', 'post'>;
export type UpdateUserBody = Body<'/api/users/{id}', 'patch'>;
export type GridWorkerKind = NonNullable<CreateUserBody['gridWorkerKind']>;
export type ApiKey = Item<Answer<'/api/apikeys', 'get'>>;
export type CreateApiKeyBody = Body<'/api/apikeys', 'post'>;
export type CreatedApiKey = Answer<'/api/apikeys', 'post'>;

// ---- regions and grids

export type RegionNode = Item<Answer<'/api/regions/roots', 'get'>>;
export type Level = RegionNode['level'];
export type RegionSearchHit = Item<Answer<'/api/regions/search', 'get'>>;
export type RegionDetail = Answer<'/api/regions/{code}', 'get'>;
export type Grid = PageItem<Answer<'/api/grids', 'get'>>;
export type GridDetail = Answer<'/api/grids/{code}', 'get'>;
export type GridFeatureCollection = Answer<'/api/grids/geojson', 'get'>;
export type ClientConfig = Answer<'/api/config', 'get'>;
export type MapTiles = NonNullable<ClientConfig['map']['tiles']>;
export type AppealHeat = Answer<'/api/appeals/heat', 'get'>;

// ---- organisations, categories, audit, overview, calendar

export type Org = Answer<'/api/orgs/{id}', 'get'>;
export type OrgKind = Org['kind'];
export type CreateOrgBody = Body<'/api/orgs', 'post'>;
export type UpdateOrgBody = Body<'/api/orgs/{id}', 'patch'>;
export type Category = Item<Answer<'/api/categories', 'get'>>;
export type AuditEntry = PageItem<Answer<'/api/audit', 'get'>>;
export type Overview = Answer<'/api/overview', 'get'>;
export type Workbench = Answer<'/api/workbench', 'get'>;
export type WorkbenchBox = Item<Workbench['boxes']>;
export type WorkbenchItem = Item<WorkbenchBox['items']>;
export type CalendarDay = Item<Answer<'/api/calendar/{year}', 'get'>>;

// ---- appeals

export type AppealListItem = PageItem<Answer<'/api/appeals', 'get'>>;
export type AppealDetail = Answer<'/api/appeals/{id}', 'get'>;
export type AppealEvent = Item<AppealDetail['events']>;
export type AppealAttachment = Item<AppealDetail['attachments']>;
export type CreateAppealBody = Body<'/api/appeals', 'post'>;
// The answers carry these as strings; the routes' inputs name the values.
export type AppealStatus = Item<NonNullable<QueryOf<'/api/appeals'>['status']>>;
export type AppealChannel = CreateAppealBody['channel'];
export type Urgency = NonNullable<CreateAppealBody['urgency']>;
export type RequesterKind = CreateAppealBody['requester']['kind'];
/** green 正常 · yellow 即将超期 · red 已超期 · paused 暂停计时. */
export type AppealClock = NonNullable<AppealListItem['clock']>;
export type AppealAction = PathOf<'/api/appeals/{id}/actions/{action}', 'post'>['action'];
/** The appeal list's filters (one status at a time in the console); `phone` (the requester's full number) is sent only in a POST body (/api/appeals/search). */
export type AppealFilter = Omit<Body<'/api/appeals/search', 'post'>, 'page' | 'pageSize' | 'status'> & { status?: AppealStatus };
export type AppealBox = NonNullable<AppealFilter['box']>;
export type AppealActionBody = Body<'/api/appeals/{id}/actions/{action}', 'post'>;
export type BulkAcceptBody = Body<'/api/appeals/bulk/accept', 'post'>;
/** 多诉统办: likely repeats, each with its reasons. */
export type SimilarAppeals = Answer<'/api/appeals/similar', 'post'>;
export type SimilarBody = Body<'/api/appeals/similar', 'post'>;
export type AppealClusters = Answer<'/api/appeals/clusters', 'get'>;
export type SimilarReason = Item<Item<SimilarAppeals['items']>['reasons']>;
/** Per appeal: done, or refused with its code and message. */
export type BulkResult = Answer<'/api/appeals/bulk/accept', 'post'>;
export type LimitUnit = NonNullable<AppealActionBody['unit']>;
export type PhotoInput = Item<NonNullable<CreateAppealBody['photos']>>;
export type RevealedRequester = Answer<'/api/appeals/{id}/reveal', 'post'>;
export type AppealLeader = Item<Answer<'/api/appeals/{id}/leaders', 'get'>>;
export type AppealHousehold = Answer<'/api/appeals/{id}/household', 'get'>;
export type MetricsResult = Answer<'/api/appeals/metrics', 'get'>;
export type MetricsQuery = QueryOf<'/api/appeals/metrics'>;
export type TrendPoint = Item<Answer<'/api/appeals/metrics/trend', 'get'>>;
export type OpenAppealsByGrid = Answer<'/api/appeals/by-grid', 'get'>;
export type QrPlace = Answer<'/api/qr/{code}', 'get'>;

// ---- notifications and the outbox

export type NotificationPage = Answer<'/api/notifications', 'get'>;
export type AppNotification = PageItem<NotificationPage>;
export type OutboxMessage = PageItem<Answer<'/api/outbox', 'get'>>;

// ---- households

export type Household = PageItem<Answer<'/api/households', 'get'>>;
export type HouseholdDetail = Answer<'/api/households/{id}', 'get'>;
export type Person = Item<HouseholdDetail['members']>;
export type TimelineEvent = PageItem<Answer<'/api/households/{id}/timeline', 'get'>>;
export type Change = PageItem<Answer<'/api/households/{id}/history', 'get'>>;
export type Tag = Item<Answer<'/api/household-tags', 'get'>>;
export type Vocabulary = Answer<'/api/households/vocabulary', 'get'>;
export type HouseholdCountsByGrid = Answer<'/api/households/by-grid', 'get'>;
export type RevealedField = Answer<'/api/people/{id}/reveal', 'post'>;
export type ImportJob = Answer<'/api/households/imports/{id}', 'get'>;
export type ImportError = Item<Answer<'/api/households/imports/{id}/errors', 'get'>>;

// ---- visits (入户听诉)

export type VisitSettings = Answer<'/api/visits/settings', 'get'>;
/** 错时听诉 windows: morning 晨访, noon 午访, afternoon 日间, evening 夜访 (China local time, HH:MM). */
export type VisitWindow = Item<VisitSettings['windows']>;
export type OfflinePackage = Answer<'/api/visits/offline', 'get'>;
export type Plan = OfflinePackage['plan'];
export type PlanItem = Item<Plan['items']>;
export type PlanItemStatus = PlanItem['status'];
/** A household as the grid worker needs it at the door: no ID numbers, phones masked. */
export type HouseholdCard = Item<OfflinePackage['households']>;
export type PlanRow = PageItem<Answer<'/api/visits/plans', 'get'>>;
export type VisitSubmission = Body<'/api/visits', 'post'>;
export type Visit = Answer<'/api/visits/{id}', 'get'>;
export type VisitOutcome = VisitSubmission['outcome'];
export type VisitFinding = VisitSubmission['finding'];
/** The grid worker's four services: 定点 fixed_point, 上门 home, 代办 proxy, 帮办 assist. */
export type ServiceKind = NonNullable<VisitSubmission['serviceKind']>;
export type Coverage = Answer<'/api/visits/coverage', 'get'>;
export type CoverageRow = Coverage['totals'];
export type WorkersReport = Answer<'/api/visits/workers', 'get'>;
export type WorkerRow = Item<WorkersReport['rows']>;
export type OverdueHousehold = PageItem<Answer<'/api/visits/overdue', 'get'>>;
export type OverdueKind = NonNullable<QueryOf<'/api/visits/overdue'>['kind']>;
export type CadreCoverage = Answer<'/api/visits/cadres', 'get'>;
export type CadreGroupBy = NonNullable<QueryOf<'/api/visits/cadres'>['groupBy']>;

// ---- the residents' pages (/api/public/…)

export type PublicPlace = Answer<'/api/public/places/{code}', 'get'>;
export type PublicCategory = Item<Answer<'/api/public/categories', 'get'>>;
export type Submission = Body<'/api/public/appeals', 'post'>;
export type Submitted = Answer<'/api/public/appeals', 'post'>;
/** 多诉统办 on the QR page: open appeals nearby that look the same (nothing personal). */
export type PublicSimilar = Answer<'/api/public/similar', 'post'>;
export type PublicSimilarBody = Body<'/api/public/similar', 'post'>;
export type MeToo = Answer<'/api/public/appeals/{number}/affected', 'post'>;
export type PublicPhoto = Item<NonNullable<Submission['photos']>>;
export type Tracking = Answer<'/api/public/track', 'get'>;
export type Rating = Body<'/api/public/appeals/{number}/rating', 'post'>['rating'];

// ---- deliberation (议事协商)
export type MeetingKind = Item<Answer<'/api/meetings/kinds', 'get'>>;
export type MeetingSeries = Item<Answer<'/api/meetings/series', 'get'>>;
export type CreateSeriesBody = Body<'/api/meetings/series', 'post'>;
export type CreateMeetingBody = Body<'/api/meetings', 'post'>;
export type MeetingListItem = PageItem<Answer<'/api/meetings', 'get'>>;
export type ParticipantBody = Body<'/api/meetings/{id}/participants', 'post'>;
export type MeetingDetail = Answer<'/api/meetings/{id}', 'get'>;
export type MeetingStepBody = Body<'/api/meetings/{id}/steps', 'post'>;
export type DecisionBody = Body<'/api/meetings/{id}/decisions', 'post'>;
export type AppealTopic = Item<Answer<'/api/meetings/{id}/appeal-topics', 'get'>>;
export type ResidentCandidate = Item<Answer<'/api/meetings/{id}/resident-candidates', 'get'>>;
export type DoorTopicBody = Body<'/api/meetings/door-topics', 'post'>;
export type DoorTopicResult = Answer<'/api/meetings/door-topics', 'post'>;
/** 多诉统办 at the door: likely repeats in the worker's grids, and 我也遇到 instead of a new appeal. */
export type VisitRepeatsBody = Body<'/api/visits/similar', 'post'>;
export type VisitRepeats = Answer<'/api/visits/similar', 'post'>;
export type VisitRepeat = VisitRepeats['items'][number];
export type VisitMeTooBody = Body<'/api/visits/me-too', 'post'>;
export type VisitMeTooResult = Answer<'/api/visits/me-too', 'post'>;
export type MeetingAction = PageItem<Answer<'/api/meeting-actions', 'get'>>;
export type MeetingActionDetail = Answer<'/api/meeting-actions/{id}', 'get'>;
export type ActionStepBody = Body<'/api/meeting-actions/{id}/steps', 'post'>;
export type MeetingFigures = Answer<'/api/meetings/figures', 'get'>;
export type PublicMeetings = Answer<'/api/public/meetings/{code}', 'get'>;
export type MeetingSignInQr = Answer<'/api/meetings/{id}/sign-in-qr', 'post'>;
export type PublicSignIn = Answer<'/api/public/meeting-sign-in/{id}', 'get'>;
// ---- mediation (人民调解)

export type MediationCase = Answer<'/api/mediation/cases/{id}', 'get'>;
export type MediationCaseRow = PageItem<Answer<'/api/mediation/cases', 'get'>>;
export type MediationAction = PathOf<'/api/mediation/cases/{id}/{action}', 'post'>['action'];
export type MediationActBody = Body<'/api/mediation/cases/{id}/{action}', 'post'>;
export type MediationStatus = NonNullable<QueryOf<'/api/mediation/cases'>['status']>;
export type DisputeKind = Body<'/api/mediation/cases', 'post'>['kind'];
export type CreateMediationCaseBody = Body<'/api/mediation/cases', 'post'>;
export type MediationBoard = Answer<'/api/mediation/board', 'get'>;
export type MediationFigures = Answer<'/api/mediation/figures', 'get'>;
export type MediationPeople = Answer<'/api/mediation/people', 'get'>;
export type MediationBody = Item<Answer<'/api/mediation/bodies', 'get'>>;
export type Mediator = Item<Answer<'/api/mediation/mediators', 'get'>>;
// ---- micro-wishes (微心愿)

export type WishCampaign = Answer<'/api/wish-campaigns/{id}', 'get'>;
export type CreateWishCampaignBody = Body<'/api/wish-campaigns', 'post'>;
export type Wish = PageItem<Answer<'/api/wishes', 'get'>>;
export type WishDetail = Answer<'/api/wishes/{id}', 'get'>;
export type WishStatus = Wish['status'];
export type WishAction = Item<WishDetail['actions']>;
export type WishActionBody = Body<'/api/wishes/{id}/actions/{action}', 'post'>;
export type CollectWishBody = Body<'/api/wishes', 'post'>;
export type HelperKind = Wish['helpers'][number]['kind'];
export type PublicWishCampaign = Item<Answer<'/api/public/wish-campaigns', 'get'>>;
export type PublicWish = PageItem<Answer<'/api/public/wishes', 'get'>>;

// ---- people who help, the three lists, volunteer activities

export type Helper = Answer<'/api/helpers/{id}', 'get'>;
export type HelperKindCode = Helper['kind'];
export type RegisterHelperBody = Body<'/api/helpers', 'post'>;
export type PairedUnit = Answer<'/api/paired-units/{id}', 'get'>;
export type CreatePairedUnitBody = Body<'/api/paired-units', 'post'>;
export type VolunteerTeam = PageItem<Answer<'/api/volunteer-teams', 'get'>>;
export type Need = PageItem<Answer<'/api/needs', 'get'>>;
export type NeedDetail = Answer<'/api/needs/{id}', 'get'>;
export type NeedStatus = Need['status'];
export type NeedAction = Item<NeedDetail['actions']>;
export type CreateNeedBody = Body<'/api/needs', 'post'>;
export type NeedActionBody = Body<'/api/needs/{id}/actions/{action}', 'post'>;
export type ResourceItem = PageItem<Answer<'/api/resources', 'get'>>;
export type CreateResourceBody = Body<'/api/resources', 'post'>;
export type Activity = PageItem<Answer<'/api/activities', 'get'>>;
export type ActivityDetail = Answer<'/api/activities/{id}', 'get'>;
export type CreateActivityBody = Body<'/api/activities', 'post'>;
export type VolunteerRanking = Answer<'/api/volunteers/ranking', 'get'>;
export type VolunteerFigures = Answer<'/api/volunteers/figures', 'get'>;
export type WishCommunityProgress = Item<Answer<'/api/wish-campaigns/{id}/communities', 'get'>>;
// ---- funds: 社区吹哨专项基金, 民生微实事 projects, 三账公开

export type Fund = PageItem<Answer<'/api/funds', 'get'>>;
export type NewFund = Body<'/api/funds', 'post'>;
export type FundEntry = PageItem<Answer<'/api/funds/{id}/entries', 'get'>>;
export type Allocation = Body<'/api/funds/{id}/allocations', 'post'>;
export type Income = Body<'/api/funds/{id}/income', 'post'>;
export type FundProject = PageItem<Answer<'/api/fund-projects', 'get'>>;
export type FundProjectDetail = Answer<'/api/fund-projects/{id}', 'get'>;
export type NewFundProject = Body<'/api/fund-projects', 'post'>;
export type FundProjectQuery = QueryOf<'/api/fund-projects'>;
export type FundProjectStep = Body<'/api/fund-projects/{id}/actions/{action}', 'post'>;
export type FundProjectAction = PathOf<'/api/fund-projects/{id}/actions/{action}', 'post'>['action'];
export type PaymentRequest = Body<'/api/fund-projects/{id}/payments', 'post'>;
export type FundFigures = Answer<'/api/funds/figures', 'get'>;
export type PublicAccounts = Answer<'/api/public/accounts/places/{code}', 'get'>;
export type FundThresholds = Answer<'/api/funds/approval-thresholds/{countyCode}', 'get'>;
export type FundThresholdsBody = Body<'/api/funds/approval-thresholds/{countyCode}', 'put'>;
// ---- enterprises (企业名录, 企业诉求, 企业特派员, 链长制)

export type Enterprise = Answer<'/api/enterprises/{id}', 'get'>;
export type EnterpriseFilter = Omit<QueryOf<'/api/enterprises'>, 'page' | 'pageSize'>;
export type CreateEnterpriseBody = Body<'/api/enterprises', 'post'>;
export type EnterpriseImportResult = Answer<'/api/enterprises/import', 'post'>;
export type EnterpriseAppeal = Answer<'/api/enterprise-appeals/{appealId}', 'get'>;
export type EnterpriseAppealFilter = Omit<QueryOf<'/api/enterprise-appeals'>, 'page' | 'pageSize'>;
export type CreateEnterpriseAppealBody = Body<'/api/enterprise-appeals', 'post'>;
export type Commissioner = PageItem<Answer<'/api/enterprise-commissioners', 'get'>>;
export type CommissionerVisit = PageItem<Answer<'/api/enterprise-visits', 'get'>>;
export type CreateCommissionerVisitBody = Body<'/api/enterprises/{id}/visits', 'post'>;
export type EnterpriseFigures = Answer<'/api/enterprise-figures', 'get'>;
export type EnterpriseBreakdown = Answer<'/api/enterprise-figures/by', 'get'>;
export type EnterpriseBreakdownRow = Item<EnterpriseBreakdown['items']>;
export type FirmDisputes = Answer<'/api/enterprises/{id}/disputes', 'get'>;
export type Chain = Item<Answer<'/api/chains', 'get'>>;
export type ChainDetail = Answer<'/api/chains/{id}', 'get'>;
export type ChainProblem = Item<ChainDetail['problems']>;
export type CreateChainProblemBody = Body<'/api/chains/{id}/problems', 'post'>;
export type EnterprisePolicy = Item<Answer<'/api/enterprise-policies', 'get'>>;
export type CreatePolicyBody = Body<'/api/enterprise-policies', 'post'>;
export type FirmPolicy = Item<Answer<'/api/enterprises/{id}/policies', 'get'>>;
// ---- monthly assessment (server/modules/assessment)
export type AssessmentRankings = Answer<'/api/assessment/rankings', 'get'>;
export type AssessmentRankingsQuery = QueryOf<'/api/assessment/rankings'>;
export type AssessmentRankRow = AssessmentRankings['areas'][number];
export type AssessmentReport = Answer<'/api/assessment/reports/{id}', 'get'>;
export type AssessmentReportSummary = PageItem<Answer<'/api/assessment/reports', 'get'>>;
export type WarningList = Answer<'/api/warnings', 'get'>;
export type WarningItem = WarningList['items'][number];
export type WarningDetail = Answer<'/api/warnings/{id}', 'get'>;
export type WarningRule = Item<Answer<'/api/warnings/rules', 'get'>>;
export type WarningRuleBody = Body<'/api/warnings/rules', 'post'>;
export type WarningThresholds = Answer<'/api/warnings/thresholds', 'get'>;
export type WarningThresholdsBody = Body<'/api/warnings/thresholds', 'put'>;
export type DuplicateSettings = Answer<'/api/appeal-duplicate-settings', 'get'>;
export type DuplicateSettingsBody = Body<'/api/appeal-duplicate-settings', 'put'>;
export type MonthProblems = Answer<'/api/assessment/problems', 'get'>;
export type MonthProblemPick = MonthProblems['picks'][number];
export type PickProblemBody = Body<'/api/assessment/problems', 'post'>;
export type ProblemTrend = Answer<'/api/assessment/problems/{id}/trend', 'get'>;
export type AssessmentPetitions = NonNullable<AssessmentRankings['petitions']>;
export type AssessmentWeights = Answer<'/api/assessment/weights', 'get'>;
export type AssessmentWeightsBody = Body<'/api/assessment/weights', 'put'>;

// ---- 小闹钟 reminders (server/modules/reminders)
export type ReminderItem = PageItem<Answer<'/api/reminders', 'get'>>;
export type ReminderQuery = QueryOf<'/api/reminders'>;
export type ReminderKind = Item<Answer<'/api/reminders/kinds', 'get'>>;
export type CreateReminderBody = Body<'/api/reminders', 'post'>;

// ---- 依申请公开 (server/modules/disclosure)
export type DisclosureList = Answer<'/api/disclosure', 'get'>;
export type DisclosureRequest = DisclosureList['items'][number];
export type DisclosureDetail = Answer<'/api/disclosure/{id}', 'get'>;
export type CreateDisclosureBody = Body<'/api/disclosure', 'post'>;
export type DisclosureActionBody = Body<'/api/disclosure/{id}/{action}', 'post'>;

// ---- a helper's phone page (server/modules/volunteers/volunteers.helper.routes.ts)
export type HelperMe = Answer<'/api/helper/me', 'get'>;
export type HelperActivity = Item<Answer<'/api/helper/activities', 'get'>>;
export type HelperNeed = Item<Answer<'/api/helper/needs', 'get'>>;
export type HelperWish = Answer<'/api/helper/wishes/{id}/{action}', 'post'>;
export type HelperWishBody = Body<'/api/helper/wishes/{id}/{action}', 'post'>;
