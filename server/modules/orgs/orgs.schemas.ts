import { Type } from 'typebox';
import { PageQuery, RegionCodeSchema, Text, Timestamp, Version } from '../../platform/schemas.js';

const OrgKind = Type.Union([Type.Literal('department'), Type.Literal('governance_center'), Type.Literal('workstation'), Type.Literal('party_org'), Type.Literal('owners_committee'), Type.Literal('property_company'), Type.Literal('mediation_committee'), Type.Literal('elder_studio'), Type.Literal('court_liaison'), Type.Literal('chamber_mediation'), Type.Literal('volunteer_team'), Type.Literal('justice_office'), Type.Literal('court')]);

export const OrgView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: OrgKind,
  regionCode: Type.String(),
  regionName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  categoryCodes: Type.Array(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Phone = Type.Union([Type.String({ maxLength: 32, pattern: '^[0-9+\\-() ]{3,32}$' }), Type.Null()]);
const CategoryCodes = Type.Array(Text({ minLength: 1, maxLength: 32 }), { maxItems: 200, uniqueItems: true });

export const CreateOrgBody = Type.Object({
  name: Text({ minLength: 1, maxLength: 100 }),
  kind: OrgKind,
  regionCode: RegionCodeSchema,
  phone: Type.Optional(Phone),
  description: Type.Optional(Type.Union([Text({ maxLength: 2000 }), Type.Null()])),
  categoryCodes: CategoryCodes,
});

export const UpdateOrgBody = Type.Object({
  version: Version,
  name: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  kind: Type.Optional(OrgKind),
  regionCode: Type.Optional(RegionCodeSchema),
  phone: Type.Optional(Phone),
  description: Type.Optional(Type.Union([Text({ maxLength: 2000 }), Type.Null()])),
  categoryCodes: Type.Optional(CategoryCodes),
  active: Type.Optional(Type.Boolean()),
});

export const ListOrgsQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Text({ maxLength: 100 })),
  kind: Type.Optional(OrgKind),
  regionCode: Type.Optional(RegionCodeSchema),
  categoryCode: Type.Optional(Text({ maxLength: 32 })),
  active: Type.Optional(Type.Boolean()),
});
