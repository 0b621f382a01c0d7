/**
 * A step of a wish: one function applies a row of the workflow (wishes.workflow.ts). It loads the
 * wish inside the caller's scope (404 outside), refuses with the row's codes (409 state or window,
 * 403 the wrong role, 409 a stale version), does the step's own effects and moves the wish, with its
 * event, the household's timeline where help was received, and the audit entry, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { maskPhone, parsePhone } from '../../platform/personal-data.js';
import { checkPhotos } from '../appeals/appeals.register.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import * as repo from './wishes.repo.js';
import { getWish, today, type Deps, type WishDetailView } from './wishes.service.js';
import { wishes, wishEvents, wishHelpers, wishPhotos } from './wishes.tables.js';
import { WISH_ACTIONS, WISH_STATUS_NAMES, wishRefusal, type HelperKind, type WishAction, type WishStatus } from './wishes.workflow.js';

export interface WishActionInput {
  version: number;
  note?: string;
  /** claim, join: who helps; `helperId` picks a registered helper (their name and kind are theirs, the deed counts for them). */
  helper?: { kind: HelperKind; name: string; phone?: string; helperId?: string; unitId?: string };
  photo?: { filename: string; mime: string; dataBase64: string };
  takenOn?: string;
  method?: 'callback' | 'signature';
  /** The recipient's (or guardian's) signature drawn on the phone, a PNG: required with method `signature`. */
  signature?: { dataBase64: string };
  thanks?: string;
}

/** A signature is a small PNG (a canvas drawing), never a photo. */
const MAX_SIGNATURE_BYTES = 200 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function signaturePng(input: WishActionInput): Buffer {
  if (!input.signature) throw required('signature');
  const data = Buffer.from(input.signature.dataBase64, 'base64');
  if (data.length < PNG_MAGIC.length || data.length > MAX_SIGNATURE_BYTES || !data.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    throw new AppError('wish_signature_invalid', { maxKb: MAX_SIGNATURE_BYTES / 1024 }, { field: 'signature' });
  }
  return data;
}

type Changes = Partial<typeof wishes.$inferInsert>;
interface StepContext {
  deps: Deps;
  tx: Tx;
  ctx: RequestContext;
  wish: repo.WishRow;
  input: WishActionInput;
  now: Date;
  day: string;
}

const required = (field: string) => new AppError('required', { field });

/** A registered helper the caller may see: what a console claim records of them. */
interface RegisteredHelper {
  id: string;
  regionCode: string;
  kind: HelperKind;
  name: string;
}
type HelperLookup = (db: Tx, actor: RequestContext['actor'], id: string) => Promise<RegisteredHelper>;
let lookUpHelper: HelperLookup | null = null;

/** A paired unit the caller may see: what a console claim records of it. */
interface PairedUnit {
  id: string;
  regionCode: string;
  name: string;
}
type UnitLookup = (db: Tx, actor: RequestContext['actor'], id: string) => Promise<PairedUnit>;
let lookUpUnit: UnitLookup | null = null;

/** The volunteers module hands over how a paired unit is found within the caller's scope (404 outside). */
export function findPairedUnitsWith(fn: UnitLookup): void {
  lookUpUnit = fn;
}

/**
 * The volunteers module (higher) hands over how a registered helper is found within the caller's scope
 * (404 outside), so that a console claim naming one counts as their deed without wishes importing it.
 */
export function findRegisteredHelpersWith(fn: HelperLookup): void {
  lookUpHelper = fn;
}

async function addHelper(s: StepContext): Promise<Record<string, unknown>> {
  if (s.ctx.actor.kind === 'helper') return addSignedInHelper(s);
  const h = s.input.helper;
  if (!h) throw required('helper');
  if (h.helperId) return addRegisteredHelper(s, h.helperId);
  if (h.unitId) return addPairedUnit(s, h.unitId);
  let phone: { enc: string; bidx: string; masked: string } | null = null;
  if (h.phone?.trim()) {
    const parsed = parsePhone(h.phone);
    if ('problem' in parsed) throw new AppError('invalid_phone', { field: 'helper.phone', reason: '格式不正确', reasonEn: 'wrong format' });
    phone = { enc: s.deps.vault.encrypt(parsed.phone), bidx: s.deps.vault.blindIndex('phone', parsed.digits), masked: maskPhone(parsed.phone) };
  }
  await s.tx.insert(wishHelpers).values({ wishId: s.wish.id, kind: h.kind, name: h.name.trim(), phoneEnc: phone?.enc ?? null, phoneBidx: phone?.bidx ?? null, phoneMasked: phone?.masked ?? null, at: s.now });
  return { helperKind: h.kind };
}

/**
 * A registered helper claiming on their phone claims as themself (their name, their id), whatever the
 * body says; once per wish, so the deed counts once.
 */
async function addSignedInHelper(s: StepContext): Promise<Record<string, unknown>> {
  const actor = s.ctx.actor;
  const kind = s.input.helper?.kind ?? 'volunteer';
  if (await repo.isClaimant(s.tx, s.wish.id, actor.id)) throw new AppError('wish_already_helper');
  await s.tx.insert(wishHelpers).values({ wishId: s.wish.id, kind, name: actor.displayName ?? actor.name, helperId: actor.id, at: s.now });
  return { helperKind: kind, helperId: actor.id };
}

/**
 * Staff record a claim for a registered helper picked in the console: it counts as theirs exactly as a
 * claim on their phone does (their id, once per wish). The helper must belong to the wish's community
 * (or an area above it); anyone else is not found here.
 */
async function addRegisteredHelper(s: StepContext, helperId: string): Promise<Record<string, unknown>> {
  if (!lookUpHelper) throw notFound('志愿者/党员', 'Helper');
  const helper = await lookUpHelper(s.tx, s.ctx.actor, helperId);
  if (!s.wish.regionCode.startsWith(helper.regionCode)) throw notFound('志愿者/党员', 'Helper');
  if (await repo.isClaimant(s.tx, s.wish.id, helper.id)) throw new AppError('wish_helper_already_claimed');
  await s.tx.insert(wishHelpers).values({ wishId: s.wish.id, kind: helper.kind, name: helper.name, helperId: helper.id, at: s.now });
  return { helperKind: helper.kind, helperId: helper.id };
}

/**
 * Staff record a claim for a paired unit picked in the console: its own deed (its id, once per wish),
 * counted in the unit's figures. The unit must be paired with the wish's community (or an area above it).
 */
async function addPairedUnit(s: StepContext, unitId: string): Promise<Record<string, unknown>> {
  if (!lookUpUnit) throw notFound('结对单位', 'Paired unit');
  const unit = await lookUpUnit(s.tx, s.ctx.actor, unitId);
  if (!s.wish.regionCode.startsWith(unit.regionCode)) throw notFound('结对单位', 'Paired unit');
  if (await repo.isUnitClaimant(s.tx, s.wish.id, unit.id)) throw new AppError('wish_helper_already_claimed');
  await s.tx.insert(wishHelpers).values({ wishId: s.wish.id, kind: 'unit', name: unit.name, unitId: unit.id, at: s.now });
  return { helperKind: 'unit', unitId: unit.id };
}

/** Each step's own effects: the columns it sets, and the non-personal details its event and audit record. */
const STEPS: Record<WishAction, (s: StepContext) => Promise<{ set: Changes; data?: Record<string, unknown> }>> = {
  claim: async (s) => ({ set: { claimedAt: s.now }, data: await addHelper(s) }),
  join: async (s) => ({ set: {}, data: await addHelper(s) }),
  fulfil: async (s) => {
    const { photo, takenOn } = s.input;
    if (!photo) throw required('photo');
    if (!takenOn) throw required('takenOn');
    if (takenOn > s.day) throw new AppError('wish_photo_date', { date: takenOn });
    const data = Buffer.from(photo.dataBase64, 'base64');
    checkPhotos([{ filename: photo.filename, mime: photo.mime, data }]);
    await s.tx.insert(wishPhotos).values({ id: randomUUID(), wishId: s.wish.id, takenOn, filename: photo.filename.slice(0, 200), mime: photo.mime, size: data.length, data });
    await appendHouseholdEvent(s.tx, {
      householdId: s.wish.householdId,
      gridCode: s.wish.regionCode,
      source: 'assistance',
      kind: 'wish.fulfilled',
      summary: `微心愿已圆梦（${takenOn}）：${s.wish.content.slice(0, 60)}`,
      refType: 'wish',
      refId: s.wish.id,
      actor: s.ctx.actor,
      at: s.now,
    });
    return { set: { fulfilledAt: s.now, fulfilledOn: takenOn }, data: { takenOn } };
  },
  confirm: async (s) => {
    if (!s.input.method) throw required('method');
    let signed: Record<string, unknown> = {};
    if (s.input.method === 'signature') {
      const data = signaturePng(s.input);
      const id = randomUUID();
      await s.tx.insert(wishPhotos).values({ id, wishId: s.wish.id, takenOn: s.day, kind: 'signature', filename: 'signature.png', mime: 'image/png', size: data.length, data });
      signed = { signatureId: id };
    }
    await appendHouseholdEvent(s.tx, {
      householdId: s.wish.householdId,
      gridCode: s.wish.regionCode,
      source: 'assistance',
      kind: 'wish.confirmed',
      summary: `微心愿已圆梦并经本人或监护人确认：${s.wish.content.slice(0, 60)}`,
      refType: 'wish',
      refId: s.wish.id,
      actor: s.ctx.actor,
      at: s.now,
    });
    return { set: { confirmedAt: s.now, confirmMethod: s.input.method }, data: { method: s.input.method, ...signed } };
  },
  thank: async (s) => {
    if (!s.input.thanks?.trim()) throw required('thanks');
    return { set: { thanks: s.input.thanks.trim(), thankedAt: s.now } };
  },
  withdraw: async () => ({ set: {} }),
};

export async function actOnWish(deps: Deps, ctx: RequestContext, id: string, action: WishAction, input: WishActionInput): Promise<WishDetailView> {
  await applyWishAction(deps, ctx, id, action, input);
  return getWish(deps.database.db, ctx.actor, id);
}

/** Applies a row of the workflow; the caller reads the view it needs (the console's, a helper's). */
export async function applyWishAction(deps: Deps, ctx: RequestContext, id: string, action: WishAction, input: WishActionInput): Promise<void> {
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const wish = await repo.findVisible(tx, ctx.actor, id);
    if (!wish) throw notFound('心愿', 'Wish');
    const campaign = (await repo.campaignsByIds(tx, [wish.campaignId])).get(wish.campaignId)!;
    const rule = WISH_ACTIONS[action];
    const status = wish.status as WishStatus;
    const now = new Date();
    const day = today();
    const refusal = wishRefusal(action, ctx.actor, { status, campaign, today: day });
    if (refusal?.code === rule.refused) throw new AppError(rule.refused, { status: WISH_STATUS_NAMES[status].zh, statusEn: WISH_STATUS_NAMES[status].en }, { action, status });
    if (wish.version !== input.version) throw new AppError('stale_version');
    if (refusal) throw new AppError(refusal.code, { start: campaign.startsOn, end: campaign.endsOn }, { action, ...(refusal.guard ? { guard: refusal.guard } : {}) });
    // A helper fulfils and records the confirmation only of a wish they claimed.
    if (ctx.actor.kind === 'helper' && (action === 'fulfil' || action === 'confirm') && !(await repo.isClaimant(tx, id, ctx.actor.id))) throw new AppError('helper_not_claimant');

    const step = await STEPS[action]({ deps, tx, ctx, wish, input, now, day });
    const moved = await tx
      .update(wishes)
      .set({ ...step.set, status: rule.to, version: sql`${wishes.version} + 1` })
      .where(and(eq(wishes.id, id), eq(wishes.version, input.version)))
      .returning({ id: wishes.id });
    if (!moved.length) throw new AppError('stale_version');
    await tx.insert(wishEvents).values({ wishId: id, action, fromStatus: status, toStatus: rule.to, actorId: ctx.actor.id, actorName: ctx.actor.displayName ?? ctx.actor.name, note: input.note?.trim() || null, data: step.data ?? null, at: now });
    await audit(tx, ctx, { action: `wish.${action}`, targetType: 'wish', targetId: id, regionCode: wish.regionCode, details: { status: rule.to, ...step.data } });
  });
}
