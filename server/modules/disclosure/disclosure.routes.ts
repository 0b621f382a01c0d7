import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams } from '../../platform/schemas.js';
import { ActionBody, ActionParams, CreateDisclosureBody, DisclosureDetail, DisclosurePage, DisclosureView, ListDisclosureQuery } from './disclosure.schemas.js';
import * as service from './disclosure.service.js';

export const disclosureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  app.get(
    '/disclosure',
    { schema: { tags: ['disclosure'], summary: '依申请公开：申请列表与平均答复天数 Disclosure requests', querystring: ListDisclosureQuery, response: { 200: DisclosurePage, ...errorResponses } } },
    async (req) => service.listRequests(deps.database.db, req.actor!, req.query),
  );
  app.get(
    '/disclosure/:id',
    { schema: { tags: ['disclosure'], summary: '公开申请详情 A request', params: IdParams, response: { 200: DisclosureDetail, ...errorResponses } } },
    async (req) => service.getRequest(deps.database.db, req.actor!, req.params.id),
  );
  app.post(
    '/disclosure',
    { schema: { tags: ['disclosure'], summary: '登记公开申请 Register a request', body: CreateDisclosureBody, response: { 201: DisclosureView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createRequest(deps, requestContext(req), req.body)),
  );
  app.post(
    '/disclosure/:id/:action',
    {
      schema: {
        tags: ['disclosure'],
        summary: '办理：补正、收到补正、征求第三方意见、延期、答复 A step of the workflow',
        params: ActionParams,
        body: ActionBody,
        response: { 200: DisclosureDetail, ...errorResponses },
      },
    },
    async (req) => service.actOn(deps, requestContext(req), req.params.id, req.params.action, req.body),
  );
};
