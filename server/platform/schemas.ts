import type { Ajv } from 'ajv';
import { Type, type Static, type TSchema } from 'typebox';

/** The one error shape every route answers with. */
export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: 'stable error code, e.g. validation_failed' }),
    message: Type.String({ description: 'localized message (zh-CN by default, English with Accept-Language: en)' }),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorResponse' },
);

const err = Type.Ref('ErrorResponse');
/** Error responses to declare on every route (serialised through the shared schema). */
export const errorResponses = {
  400: err,
  401: err,
  403: err,
  404: err,
  409: err,
  429: err,
} as const;

// ---------------------------------------------------------------------------------------------
// Request types with limits. Every route's params, query and body use these (or an enum, a format or
// an anchored pattern): input beyond them is a 400 at the schema, never a database error (a NUL byte,
// a number past int4) or an unbounded scan. server/platform/schemas.test.ts checks every route.

/**
 * Text without C0 control characters other than tab, line feed and carriage return: PostgreSQL
 * refuses NUL in text, and the others have no business in a name, an address or an appeal.
 */
export const PLAIN_TEXT = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$';
/** The length of text when a field gives none. */
const TEXT_MAX = 2000;

type StringOptions = Parameters<typeof Type.String>[0];
type NumberOptions = Parameters<typeof Type.Number>[0];

/** A string from a client: no control characters, at most TEXT_MAX characters unless stated. */
export function Text(opts: StringOptions = {}) {
  return Type.String({ pattern: PLAIN_TEXT, maxLength: TEXT_MAX, ...opts });
}

/** Why a person's full ID number, phone or address is revealed: 1–200 characters, recorded in the audit entry. */
export const RevealReason = Text({ minLength: 1, maxLength: 200, description: '查看理由，记入审计日志 Why it is revealed (recorded in the audit log)' });

/**
 * Ajv checks number bounds only on finite numbers, and its type coercion turns the query text
 * "Infinity" into Infinity without checking again: `x-finite` refuses it. Int and Num carry it;
 * buildApp registers the keyword (finiteNumbers).
 */
export function finiteNumbers(ajv: Ajv): Ajv {
  // No `type: 'number'` here: Ajv would then run the keyword on finite numbers only.
  ajv.addKeyword({
    keyword: 'x-finite',
    schemaType: 'boolean',
    validate: (required: boolean, data: unknown) => !required || typeof data !== 'number' || Number.isFinite(data),
  });
  return ajv;
}

/** PostgreSQL's integer (int4) range. */
export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;

/** An integer a column of type integer can hold; narrower bounds may be given. */
export function Int(opts: NumberOptions = {}) {
  return Type.Integer({ minimum: INT4_MIN, maximum: INT4_MAX, 'x-finite': true, ...opts });
}

/**
 * The largest sum of money a client may send, in fen: 100 billion yuan. Money columns are bigint
 * (a 35,000,000-yuan loan is 3.5 billion fen, beyond int4); fields holding it end in `Fen`.
 */
export const FEN_MAX = 10_000_000_000_000;

/** An amount of money in integer fen (a bigint column): 0 to FEN_MAX unless narrower bounds are given. */
export function Fen(opts: NumberOptions = {}) {
  return Type.Integer({ minimum: 0, maximum: FEN_MAX, 'x-finite': true, description: '金额（分）Amount in fen', ...opts });
}

/** A finite number of sane size (coordinates, weights, distances); narrower bounds may be given. */
export function Num(opts: NumberOptions = {}) {
  return Type.Number({ minimum: -1e9, maximum: 1e9, 'x-finite': true, ...opts });
}

/** A file sent inside JSON as base64 (standard or URL-safe alphabet; line breaks allowed). */
export function Base64(maxLength: number, opts: StringOptions = {}) {
  return Type.String({ pattern: '^[A-Za-z0-9+/=_\\-\\r\\n]*$', maxLength, ...opts });
}

/** A record's id. */
export const Uuid = (opts: StringOptions = {}) => Type.String({ format: 'uuid', ...opts });

/** The version a client last read (optimistic locking). */
export const Version = Int({ minimum: 1, description: 'the version last read' });

/** Page numbers stop at 100 000 (with 200 a page, the offset stays within int4). */
const PAGE_MAX = 100_000;
const PAGE_SIZE_MAX = 200;

export const PageQuery = {
  page: Type.Optional(Int({ minimum: 1, maximum: PAGE_MAX, default: 1 })),
  pageSize: Type.Optional(Int({ minimum: 1, maximum: PAGE_SIZE_MAX, default: 20 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf(q: { page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export const IdParams = Type.Object({ id: Uuid() });
export type IdParams = Static<typeof IdParams>;

/** A division or grid code: 2, 4, 6, 9, 12 or 15 digits. */
export const RegionCodeSchema = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12}|\\d{15})$' });

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

