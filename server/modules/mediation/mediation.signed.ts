/**
 * The signed copies of an agreement (人民调解法 Art. 29: signed or fingerprinted by the parties, signed by
 * the mediator, sealed by the body), scanned or photographed and uploaded after the signing, each kept
 * with the version it belongs to. The photos go through the same checks as the residents' photos
 * (appeals' preparePublicPhotos: decoded, bounded, shrunk, metadata dropped). Only who sees the case may
 * add or read them (404 otherwise).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import type { Photo } from '../appeals/appeals.service.js';
import * as repo from './mediation.repo.js';
import { addEvent, getCase } from './mediation.service.js';
import { mediationAgreements, mediationAttachments } from './mediation.tables.js';

export async function addSignedCopies(database: Database, ctx: RequestContext, caseId: string, version: number, photos: Photo[]) {
  const db = database.db;
  const c = await repo.findVisible(db, ctx.actor, caseId);
  if (!c) throw notFound('调解案件', 'Mediation case');
  const [a] = await db.select({ id: mediationAgreements.id }).from(mediationAgreements).where(and(eq(mediationAgreements.caseId, caseId), eq(mediationAgreements.version, version)));
  if (!a) throw notFound(`调解协议第 ${version} 版`, `Version ${version} of the agreement`);
  await db.transaction(async (tx) => {
    for (const ph of photos) {
      await tx.insert(mediationAttachments).values({ id: randomUUID(), caseId, step: 'signed_copy', agreementVersion: version, filename: ph.filename.slice(0, 200), mime: ph.mime, size: ph.data.length, data: ph.data });
    }
    await addEvent(tx, c, ctx, 'signed_copy', { note: `协议书第 ${version} 版签字件 ${photos.length} 份`, data: { version, count: photos.length } });
    await audit(tx, ctx, { action: 'mediation.signed_copy', targetType: 'mediation_case', targetId: caseId, regionCode: c.regionCode, details: { number: c.number, version, count: photos.length } });
  });
  return getCase(db, ctx.actor, caseId);
}
