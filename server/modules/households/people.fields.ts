/**
 * A person's fields as entered (HTTP or spreadsheet) → validated, normalised values → sealed columns.
 * Problems name the field, so the API answers 400 naming it and the import report names the column.
 */
import { AppError, type ErrorCode } from '../../platform/errors.js';
import {
  ID_PROBLEM_TEXT,
  maskIdNumber,
  parseIdNumber,
  parsePhone,
  PHONE_PROBLEM_TEXT,
} from '../../platform/personal-data.js';
import { maskPhone, type Vault } from '../../platform/crypto.js';
import { RELATION_CODES, type Relation } from './households.config.js';
import type { HistoryValue, people } from './households.tables.js';

export interface PersonInput {
  name?: string;
  relation?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  sex?: string | null;
}

export interface Problem {
  field: keyof PersonInput | string;
  code: ErrorCode;
  params: Record<string, string>;
}

export interface PersonValues {
  name: string;
  relation: Relation | null;
  idNumber: string | null;
  phone: string | null;
  phoneDigits: string | null;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
}

const SEX_ZH = { male: '男', female: '女' } as const;

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getTime() <= Date.now() && d.getUTCFullYear() >= 1880;
}

/**
 * Validates a complete person (for a patch, merge the current values in first). Birth date and sex
 * come from the ID number when one is given; if they are given too, they must agree with it.
 */
export function checkPerson(input: PersonInput): { values?: PersonValues; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = (input.name ?? '').trim();
  if (!name) problems.push({ field: 'name', code: 'required', params: {} });
  let relation: Relation | null = null;
  if (input.relation) {
    if (RELATION_CODES.includes(input.relation as Relation)) relation = input.relation as Relation;
    else problems.push({ field: 'relation', code: 'unknown_value', params: { value: input.relation } });
  }
  let idNumber: string | null = null;
  let birthDate = input.birthDate?.trim() || null;
  let sex = (input.sex?.trim() || null) as PersonValues['sex'];
  if (sex && sex !== 'male' && sex !== 'female') {
    problems.push({ field: 'sex', code: 'unknown_value', params: { value: sex } });
    sex = null;
  }
  if (birthDate && !validDate(birthDate)) {
    problems.push({ field: 'birthDate', code: 'unknown_value', params: { value: birthDate } });
    birthDate = null;
  }
  if (input.idNumber?.trim()) {
    const r = parseIdNumber(input.idNumber);
    if ('problem' in r) {
      problems.push({ field: 'idNumber', code: 'invalid_id_number', params: { reason: ID_PROBLEM_TEXT[r.problem].zh, reasonEn: ID_PROBLEM_TEXT[r.problem].en } });
    } else {
      idNumber = r.idNumber;
      if (birthDate && birthDate !== r.birthDate) problems.push({ field: 'birthDate', code: 'id_number_mismatch', params: { expected: r.birthDate } });
      if (sex && sex !== r.sex) problems.push({ field: 'sex', code: 'id_number_mismatch', params: { expected: SEX_ZH[r.sex] } });
      birthDate = r.birthDate;
      sex = r.sex;
    }
  }
  let phone: string | null = null;
  let phoneDigits: string | null = null;
  if (input.phone?.trim()) {
    const r = parsePhone(input.phone);
    if ('problem' in r) problems.push({ field: 'phone', code: 'invalid_phone', params: { reason: PHONE_PROBLEM_TEXT.zh, reasonEn: PHONE_PROBLEM_TEXT.en } });
    else {
      phone = r.phone;
      phoneDigits = r.digits;
    }
  }
  if (problems.length) return { problems };
  return { values: { name, relation, idNumber, phone, phoneDigits, birthDate, sex }, problems };
}

/** Throws the first problem as the API's 400, naming the field. */
export function throwProblem(p: Problem, prefix = 'body'): never {
  const field = `${prefix}.${p.field}`;
  throw new AppError(p.code, { field, ...p.params }, [{ field, rule: p.code }]);
}

export type PersonColumns = Pick<
  typeof people.$inferInsert,
  'name' | 'relation' | 'idNumberEnc' | 'idNumberBidx' | 'idNumberMasked' | 'phoneEnc' | 'phoneBidx' | 'phoneMasked' | 'birthDate' | 'sex'
>;

/** A person's sealed ID number and phone as stored, by which sealPerson may reuse what is the same. */
export type StoredSeals = { idNumberBidx?: string | null; idNumberEnc?: string | null; phoneBidx?: string | null; phoneEnc?: string | null };

/**
 * Seals a person's values as they are stored. `o.idNumberBidx` is the ID number's blind index when the
 * caller has it already. `o.stored` is the person already registered under that ID number: where a value
 * is theirs already (the same blind index of the same normalised value), their ciphertext is kept rather
 * than encrypting it again (a re-import of an unchanged roster encrypts nothing). A phone is reused only
 * when it is a mobile number, whose display form is its digits; a landline's form is decided anew.
 */
export function sealPerson(pii: Vault, v: PersonValues, o: { idNumberBidx?: string | null; stored?: StoredSeals } = {}): PersonColumns {
  const idNumberBidx = v.idNumber ? (o.idNumberBidx ?? pii.blindIndex('id', v.idNumber)) : null;
  const phoneBidx = v.phoneDigits ? pii.blindIndex('phone', v.phoneDigits) : null;
  const stored = o.stored;
  return {
    name: v.name,
    relation: v.relation,
    idNumberEnc: v.idNumber ? (stored?.idNumberEnc && stored.idNumberBidx === idNumberBidx ? stored.idNumberEnc : pii.encrypt(v.idNumber)) : null,
    idNumberBidx,
    idNumberMasked: v.idNumber ? maskIdNumber(v.idNumber) : null,
    phoneEnc: v.phone ? (stored?.phoneEnc && stored.phoneBidx === phoneBidx && v.phone === v.phoneDigits ? stored.phoneEnc : pii.encrypt(v.phone)) : null,
    phoneBidx,
    phoneMasked: v.phone ? maskPhone(v.phone) : null,
    birthDate: v.birthDate,
    sex: v.sex,
  };
}

type PersonRow = typeof people.$inferSelect;

/** The fields a person's history tracks; ID number and phone sealed, never in clear. */
export function personHistory(p: Partial<Pick<PersonRow, keyof PersonColumns | 'status' | 'userId' | 'householdId'>>): Record<string, HistoryValue> {
  return {
    name: p.name ?? '',
    relation: p.relation ?? null,
    idNumber: p.idNumberEnc ? { enc: p.idNumberEnc, masked: p.idNumberMasked ?? '', bidx: p.idNumberBidx ?? '' } : null,
    phone: p.phoneEnc ? { enc: p.phoneEnc, masked: p.phoneMasked ?? '', bidx: p.phoneBidx ?? '' } : null,
    birthDate: p.birthDate ?? null,
    sex: p.sex ?? null,
    status: p.status ?? 'active',
    userId: p.userId ?? null,
    householdId: p.householdId ?? null,
  };
}

/** The clear value a sealed history value held (for a revert), or the plain value. */
export function unseal(pii: Vault, v: HistoryValue): HistoryValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? pii.decrypt(v.enc) : v;
}
