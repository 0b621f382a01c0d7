import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery, RegionCodeSchema, Text, errorResponses } from '../../platform/schemas.js';
import * as service from './audit.service.js';

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.String({ description: 'the login name (or the key’s or job’s name)' }),
  actorDisplayName: Type.Union([Type.String(), Type.Null()], { description: 'the person’s name, for an account' }),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  targetName: Type.Union([Type.String({ description: '对象名称：诉求编号、户地址、账号姓名、网格名称等 What the object is called' }), Type.Null()]),
  regionCode: Type.String(),
  regionName: Type.String({ description: '区划或网格名称 The division or grid name' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const AuditQuery = Type.Object({
  ...PageQuery,
  action: Type.Optional(Text({ maxLength: 64 })),
  actor: Type.Optional(Text({ maxLength: 64 })),
  targetType: Type.Optional(Text({ maxLength: 32 })),
  targetId: Type.Optional(Text({ maxLength: 64 })),
  regionCode: Type.Optional(RegionCodeSchema),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  app.get(
    '/audit',
    { schema: { tags: ['audit'], summary: '审计日志 Audit log (read-only)', querystring: AuditQuery, response: { 200: Page(AuditEntry), ...errorResponses } } },
    async (req) => service.listAudit(db, req.actor!, req.query),
  );
  app.get(
    '/audit/actions',
    { schema: { tags: ['audit'], response: { 200: Type.Array(Type.String()), ...errorResponses } } },
    async (req) => service.listActions(db, req.actor!),
  );
};
