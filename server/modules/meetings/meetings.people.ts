/**
 * Resident representatives (and villagers) are people from the household files: their names and
 * mobiles are personal data. They are sealed in the vault as they come in; lists show the name masked
 * (王**) beside the participant's role label, and the mobile masked; the public page never shows a participant at all.
 */
import { maskName, maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { ParticipantSpec } from './meetings.tables.js';

export interface ParticipantIn {
  party: string;
  label: string;
  userId?: string;
  orgId?: string;
  /** A person's name (a resident representative from the household files): sealed, shown masked. */
  name?: string;
  phone?: string;
}

/** A participant as stored: a person's name and mobile sealed, each beside its masked form. */
export function sealParticipant(vault: Vault, p: ParticipantIn, field = 'phone'): ParticipantSpec {
  const out: ParticipantSpec = { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null };
  const name = p.name?.trim();
  if (name) {
    out.nameEnc = vault.encrypt(name);
    out.nameMasked = maskName(name);
  }
  if (p.phone) {
    const phone = normalisePhone(p.phone);
    if (!phone) throw new AppError('bad_request', { reason: `${field} 不是有效的手机或固话号码`, reasonEn: `${field} is not a valid mobile or landline number` }, { field });
    out.phoneEnc = vault.encrypt(phone);
    out.phoneMasked = maskPhone(phone);
  }
  return out;
}

export function sealParticipants(vault: Vault, list: ParticipantIn[] | undefined): ParticipantSpec[] | undefined {
  return list?.map((p, i) => sealParticipant(vault, p, `participants/${i}/phone`));
}

/** The columns of a meeting_participants row from a spec. */
export function participantColumns(p: ParticipantSpec) {
  return { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null, personId: p.personId ?? null, nameEnc: p.nameEnc ?? null, nameMasked: p.nameMasked ?? null, phoneEnc: p.phoneEnc ?? null, phoneMasked: p.phoneMasked ?? null };
}

/** A spec as a series' view shows it: never the sealed values. */
export function publicSpec(p: ParticipantSpec) {
  return { party: p.party, label: p.label, userId: p.userId ?? null, orgId: p.orgId ?? null, nameMasked: p.nameMasked ?? null, phoneMasked: p.phoneMasked ?? null };
}
