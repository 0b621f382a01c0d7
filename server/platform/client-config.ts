import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import { errorResponses } from './schemas.js';

/** What the console needs to know about this installation at run time (no secrets but the map key the browser must send anyway). */
const ClientConfig = Type.Object({
  map: Type.Object({
    /** The base map; null draws division and grid outlines on a plain background (the offline demo). */
    tiles: Type.Union([
      Type.Object({
        url: Type.String(),
        annotationUrl: Type.Optional(Type.String()),
        subdomains: Type.String(),
        attribution: Type.Optional(Type.String()),
        maxZoom: Type.Integer(),
      }),
      Type.Null(),
    ]),
  }),
});

/** GET /api/config for signed-in callers: the tile layer of TINGSU_MAP_TILES (its 天地图 key is a browser key). */
export function clientConfigRoutes(config: Pick<Config, 'mapTiles'>): FastifyPluginAsyncTypebox {
  const body = { map: { tiles: config.mapTiles ?? null } };
  return async (app) => {
    app.get(
      '/config',
      { schema: { tags: ['config'], summary: '客户端配置（底图） Client configuration: the base map', response: { 200: ClientConfig, ...errorResponses } } },
      async () => body,
    );
  };
}
