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

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
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

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export type IdParams = Static<typeof IdParams>;

/** A division or grid code: 2, 4, 6, 9, 12 or 15 digits. */
export const RegionCodeSchema = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12}|\\d{15})$' });

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
