import { Type } from 'typebox';
import { Int, RegionCodeSchema, Text } from '../../platform/schemas.js';

const Level = Type.Union(['province', 'city', 'county', 'township', 'village', 'grid'].map((l) => Type.Literal(l)));

export const RegionNode = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Level,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  hasChildren: Type.Boolean(),
});

export const SearchHit = Type.Object({ ...RegionNode.properties, path: Type.String() });

export const RegionDetail = Type.Object({
  node: RegionNode,
  ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Level })),
  counts: Type.Object({
    cities: Type.Integer(),
    counties: Type.Integer(),
    townships: Type.Integer(),
    villages: Type.Integer(),
    grids: Type.Integer(),
  }),
});

export const CodeParams = Type.Object({ code: RegionCodeSchema });
export const SearchQuery = Type.Object({
  q: Text({ minLength: 1, maxLength: 50 }),
  limit: Type.Optional(Int({ minimum: 1, maximum: 100, default: 20 })),
});
