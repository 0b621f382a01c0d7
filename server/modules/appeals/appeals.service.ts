/**
 * The appeals module's use cases, as other modules and the routes call them. Each lives in its own
 * file: registration (appeals.register.ts), taking a step (appeals.act.ts, applying a row of
 * appeals.workflow.ts, with the steps' own effects in appeals.intake.ts, appeals.handling.ts and
 * appeals.closing.ts), the clock (appeals.clock.ts), the timeline (appeals.events.ts), deadlines
 * (appeals.jobs.ts) and the views (appeals.queries.ts, the inbox in appeals.inbox.ts).
 */
export { act } from './appeals.act.js';
export { recordRequesterRating } from './appeals.closing.js';
export { onAppealStatus, type AppealStatusListener } from './appeals.events.js';
export type { ActionInput } from './appeals.input.js';
export { checkPhotos, createAppeal, createAppealOnce, MAX_PHOTO_BYTES, onAppealRegister, type Channel, type CreateInput, type Photo, type RegisterStep } from './appeals.register.js';
export { findVisible, type AppealRow, type Deps } from './appeals.repo.js';
export { STATUS_PUBLIC, type MediationStep } from './appeals.workflow.js';
export { followMediation } from './appeals.mediation.js';
export { addPublicTimeline } from './appeals.public.js';
export { feedAppeals, lastEventIdBy, latestPublicTexts, numberByToken, publicSteps } from './appeals.feed.js';
export { requestHash } from './appeals.idempotency.js';
export { searchTerms } from './appeals.search.js';
export { type Probe } from './appeals.similar.js';
export { findRepeats, similarInGrids } from './appeals.related.js';
export { addAffectedAtVisit } from './appeals.affected.js';
export { lateCases, type LateCase } from './appeals.late.js';
export { appealsClosedAfter, closedAppealIds, monthlyByChannel, openAppealsByCategory } from './appeals.counts.js';
export { preparePublicPhotos, PUBLIC_BODY_LIMIT } from './public.photos.js';
