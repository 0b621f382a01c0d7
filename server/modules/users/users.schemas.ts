import { Type } from 'typebox';
import { ROLES } from '../../platform/access.js';
import { NullableTimestamp, PageQuery, RegionCodeSchema, Text, Timestamp, Version } from '../../platform/schemas.js';

const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('leader'),
  Type.Literal('dispatcher'),
  Type.Literal('handler'),
  Type.Literal('community_staff'),
  Type.Literal('grid_worker'),
  Type.Literal('mediator'),
  Type.Literal('commissioner'),
  // A helper's phone session; an account or key given it is refused (users.accounts.ts).
  Type.Literal('helper'),
]);
// Keep the schema in step with the access module's list.
if (RoleSchema.anyOf.length !== ROLES.length) throw new Error('RoleSchema is out of date with ROLES');
const GridWorkerKind = Type.Union([Type.Literal('full_time'), Type.Literal('part_time'), Type.Literal('group_leader')]);
/** '' is the whole installation. */
const ScopeCode = Type.Union([RegionCodeSchema, Type.Literal('')]);

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  regionCode: Type.String(),
  regionName: Type.String(),
  orgId: Type.Union([Type.String(), Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  gridWorkerKind: Type.Union([Type.String(), Type.Null()]),
  /** The work mobile for SMS, masked. */
  phone: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Timestamp,
  lastLoginAt: NullableTimestamp,
});

export const LoginBody = Type.Object({
  username: Text({ minLength: 1, maxLength: 64 }),
  password: Text({ minLength: 1, maxLength: 128 }),
});

export const SessionResponse = Type.Object({ user: UserView, csrfToken: Type.String(), expiresAt: Type.Optional(Timestamp) });

export const PasswordBody = Type.Object({
  currentPassword: Text({ minLength: 1, maxLength: 128 }),
  newPassword: Text({ minLength: 1, maxLength: 128 }),
});

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.\\-]+$' });
const DisplayName = Text({ minLength: 1, maxLength: 64 });

export const CreateUserBody = Type.Object({
  username: Username,
  displayName: DisplayName,
  password: Text({ minLength: 1, maxLength: 128 }),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 6, uniqueItems: true }),
  regionCode: ScopeCode,
  orgId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  gridWorkerKind: Type.Optional(Type.Union([GridWorkerKind, Type.Null()])),
  phone: Type.Optional(Type.Union([Text({ maxLength: 32 }), Type.Null()])),
});

export const UpdateUserBody = Type.Object({
  version: Version,
  displayName: Type.Optional(DisplayName),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 6, uniqueItems: true })),
  regionCode: Type.Optional(ScopeCode),
  orgId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  gridWorkerKind: Type.Optional(Type.Union([GridWorkerKind, Type.Null()])),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Text({ minLength: 1, maxLength: 128 })),
  phone: Type.Optional(Type.Union([Text({ maxLength: 32 }), Type.Null()])),
});

export const ListUsersQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Text({ maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  regionCode: Type.Optional(RegionCodeSchema),
  orgId: Type.Optional(Type.String({ format: 'uuid' })),
  disabled: Type.Optional(Type.Boolean()),
});

export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  keyPrefix: Type.String(),
  roles: Type.Array(RoleSchema),
  regionCode: Type.String(),
  regionName: Type.String({ description: '区域名称 The area’s name' }),
  createdBy: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});

export const CreateApiKeyBody = Type.Object({
  name: Text({ minLength: 1, maxLength: 64 }),
  roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
  regionCode: ScopeCode,
});
