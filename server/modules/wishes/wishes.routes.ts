import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page, Uuid } from '../../platform/schemas.js';
import { actOnWish, type WishActionInput } from './wishes.act.js';
import * as pub from './wishes.public.js';
import { wishesWorkbook } from './wishes.export.js';
import { audit } from '../../platform/audit.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import {
  CampaignView,
  CommunityProgress,
  CollectWishBody,
  CreateCampaignBody,
  ListCampaignsQuery,
  ListWishesQuery,
  PublicCampaign,
  PublicWish,
  PublicWishesQuery,
  WishActionBody,
  WishActionParams,
  WishDetail,
  WishView,
} from './wishes.schemas.js';
import * as service from './wishes.service.js';
import type { WishAction } from './wishes.workflow.js';

/** A fulfilment photo travels as base64 in the body: room for one 5 MiB photo. */
const PHOTO_BODY_LIMIT = 8 * 1024 * 1024;

export const wishesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  const db = app.database.db;

  app.get(
    '/wish-campaigns',
    { schema: { tags: ['wishes'], summary: '微心愿活动 Wish campaigns', querystring: ListCampaignsQuery, response: { 200: Page(CampaignView), ...errorResponses } } },
    async (req) => service.listCampaigns(db, req.actor!, req.query),
  );
  app.get(
    '/wish-campaigns/:id',
    { schema: { tags: ['wishes'], params: IdParams, response: { 200: CampaignView, ...errorResponses } } },
    async (req) => service.getCampaign(db, req.actor!, req.params.id),
  );
  app.get(
    '/wish-campaigns/:id/communities',
    { schema: { tags: ['wishes'], summary: 'A campaign’s figures per community', params: IdParams, response: { 200: CommunityProgress, ...errorResponses } } },
    async (req) => service.campaignByCommunity(db, req.actor!, req.params.id),
  );
  app.post(
    '/wish-campaigns',
    { schema: { tags: ['wishes'], summary: 'Create a wish campaign', body: CreateCampaignBody, response: { 201: CampaignView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createCampaign(app.database, requestContext(req), req.body)),
  );

  app.get(
    '/wishes',
    { schema: { tags: ['wishes'], summary: '微心愿 Wishes', querystring: ListWishesQuery, response: { 200: Page(WishView), ...errorResponses } } },
    async (req) => service.listWishes(db, req.actor!, req.query),
  );
  app.get(
    '/wishes/export.xlsx',
    { schema: { tags: ['wishes'], summary: '导出微心愿台账 Export the wishes ledger (.xlsx)', querystring: Type.Object({ campaignId: Type.Optional(Uuid()) }), response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } },
    async (req, reply) => {
      const buf = await wishesWorkbook(db, req.actor!, req.query);
      await audit(db, requestContext(req), { action: 'wish.export', targetType: 'wish', details: { campaignId: req.query.campaignId ?? null } });
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('微心愿台账.xlsx')).header('cache-control', 'no-store').send(buf);
    },
  );
  app.get(
    '/wishes/:id',
    { schema: { tags: ['wishes'], params: IdParams, response: { 200: WishDetail, ...errorResponses } } },
    async (req) => service.getWish(db, req.actor!, req.params.id),
  );
  app.post(
    '/wishes',
    { schema: { tags: ['wishes'], summary: '登记心愿 Collect a wish for a person of the household file', body: CollectWishBody, response: { 201: WishDetail, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.collectWish(deps, requestContext(req), req.body as service.CollectInput)),
  );
  app.post(
    '/wishes/:id/actions/:action',
    { bodyLimit: PHOTO_BODY_LIMIT, schema: { tags: ['wishes'], summary: 'A step of the wish workflow', params: WishActionParams, body: WishActionBody, response: { 200: WishDetail, ...errorResponses } } },
    async (req) => actOnWish(deps, requestContext(req), req.params.id, req.params.action as WishAction, req.body as WishActionInput),
  );
  app.get(
    '/wishes/:id/photos/:photoId',
    { schema: { tags: ['wishes'], params: Type.Object({ id: Uuid(), photoId: Uuid() }) } },
    async (req, reply) => {
      const p = await service.wishPhoto(db, req.actor!, req.params.id, req.params.photoId);
      reply.header('content-type', p.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(p.data);
    },
  );

  // The public wish wall: no account, rate-limited per address.
  const open = { public: true, rateLimit: { max: 120, timeWindow: 60_000 } };
  app.get(
    '/public/wish-campaigns',
    { config: open, schema: { tags: ['public'], summary: '心愿墙的活动 Campaigns on the public wish wall', response: { 200: Type.Array(PublicCampaign), ...errorResponses } } },
    async () => pub.campaigns(db),
  );
  app.get(
    '/public/wishes',
    { config: open, schema: { tags: ['public'], summary: '心愿墙 The public wish wall', querystring: PublicWishesQuery, response: { 200: Page(PublicWish), ...errorResponses } } },
    async (req) => pub.wall(db, req.query),
  );
};
