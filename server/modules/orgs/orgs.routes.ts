import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { CreateOrgBody, ListOrgsQuery, OrgView, UpdateOrgBody } from './orgs.schemas.js';
import * as service from './orgs.service.js';

export const orgsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/orgs',
    { schema: { tags: ['orgs'], summary: '组织机构 Organisations', querystring: ListOrgsQuery, response: { 200: Page(OrgView), ...errorResponses } } },
    async (req) => service.listOrgs(database.db, req.actor!, req.query),
  );
  app.get(
    '/orgs/:id',
    { schema: { tags: ['orgs'], params: IdParams, response: { 200: OrgView, ...errorResponses } } },
    async (req) => service.getOrg(database.db, req.actor!, req.params.id),
  );
  app.post(
    '/orgs',
    { schema: { tags: ['orgs'], summary: '新建组织机构 Create an organisation', body: CreateOrgBody, response: { 201: OrgView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createOrg(database, requestContext(req), req.body)),
  );
  app.patch(
    '/orgs/:id',
    { schema: { tags: ['orgs'], params: IdParams, body: UpdateOrgBody, response: { 200: OrgView, ...errorResponses } } },
    async (req) => service.updateOrg(database, requestContext(req), req.params.id, req.body),
  );
};
