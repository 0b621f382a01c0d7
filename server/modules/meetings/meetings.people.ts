/**
 * Resident representatives (and villagers) are people from the household files: their names and
 * mobiles are personal data. They are sealed in the vault as they come in; lists show the name masked
 * (王**) and the mobile masked; the public page never shows a participant at all.
 */
import { maskName, maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { ParticipantSpec } from './meetings.tables.js';

/** The parties whose participants are residents, named as persons. */
export const PERSONAL_PARTIES = new Set(['resident_rep', 'villager']);

export interface ParticipantIn {
  party: string;
  label: string;
  userId?: string;
  orgId?: string;
  phone?: string;
}

/** A participant as stored: a resident's name sealed and masked, any mobile sealed and masked. */
export function sealParticipant(vault: Vault, p: ParticipantIn, field = 'phone', genericLabel?: string): ParticipantSpec {
  const out: ParticipantSpec = { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null };
  const label = p.label.trim();
  if (PERSONAL_PARTIES.has(p.party) && label !== genericLabel) {
    out.nameEnc = vault.encrypt(label);
    out.label = maskName(label);
  }
  if (p.phone) {
    const phone = normalisePhone(p.phone);
    if (!phone) throw new AppError('bad_request', { reason: `${field} 不是有效的手机或固话号码`, reasonEn: `${field} is not a valid mobile or landline number` }, { field });
    out.phoneEnc = vault.encrypt(phone);
    out.phoneMasked = maskPhone(phone);
  }
  return out;
}

export function sealParticipants(vault: Vault, list: ParticipantIn[] | undefined, generic: (party: string) => string): ParticipantSpec[] | undefined {
  return list?.map((p, i) => sealParticipant(vault, p, `participants/${i}/phone`, generic(p.party)));
}

/** The columns of a meeting_participants row from a spec. */
export function participantColumns(p: ParticipantSpec) {
  return { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null, nameEnc: p.nameEnc ?? null, phoneEnc: p.phoneEnc ?? null, phoneMasked: p.phoneMasked ?? null };
}

/** A spec as a series' view shows it: never the sealed values. */
export function publicSpec(p: ParticipantSpec) {
  return { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null, phoneMasked: p.phoneMasked ?? null };
}
