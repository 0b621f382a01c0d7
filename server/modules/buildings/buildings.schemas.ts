import { Type } from 'typebox';
import { Int, Num, PageQuery, Text, Version } from '../../platform/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const GridCode = Type.String({ pattern: '^\\d{15}$' });

export const BuildingView = Type.Object({
  id: Type.String(),
  gridCode: Type.String(),
  seq: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  units: Nullable(Type.Integer()),
  floors: Nullable(Type.Integer()),
  propertyCompany: Nullable(Type.String()),
  responsibleUserId: Nullable(Type.String()),
  responsibleName: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  version: Type.Integer(),
  households: Type.Integer(),
  residents: Type.Integer(),
});

export const CompoundView = Type.Object({
  id: Type.String(),
  gridCode: Type.String(),
  seq: Type.Integer(),
  name: Type.String(),
  propertyCompany: Nullable(Type.String()),
  propertyPhone: Nullable(Type.String()),
  responsibleUserId: Nullable(Type.String()),
  responsibleName: Nullable(Type.String()),
  version: Type.Integer(),
});

const BuildingFields = {
  name: Text({ minLength: 1, maxLength: 50 }),
  compoundId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  units: Type.Optional(Nullable(Int({ minimum: 1, maximum: 100 }))),
  floors: Type.Optional(Nullable(Int({ minimum: 1, maximum: 200 }))),
  propertyCompany: Type.Optional(Nullable(Text({ maxLength: 100 }))),
  responsibleUserId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  lon: Type.Optional(Nullable(Num({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Num({ minimum: -90, maximum: 90 }))),
};

export const CreateBuildingBody = Type.Object({ gridCode: GridCode, ...BuildingFields });
export const UpdateBuildingBody = Type.Object({ version: Version, ...Type.Partial(Type.Object(BuildingFields)).properties });

const CompoundFields = {
  name: Text({ minLength: 1, maxLength: 50 }),
  propertyCompany: Type.Optional(Nullable(Text({ maxLength: 100 }))),
  propertyPhone: Type.Optional(Nullable(Type.String({ maxLength: 32, pattern: '^[0-9+\\-() ]{3,32}$' }))),
  responsibleUserId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
};
export const CreateCompoundBody = Type.Object({ gridCode: GridCode, ...CompoundFields });
export const UpdateCompoundBody = Type.Object({ version: Version, ...Type.Partial(Type.Object(CompoundFields)).properties });

export const ListBuildingsQuery = Type.Object({
  ...PageQuery,
  gridCode: Type.Optional(GridCode),
  compoundId: Type.Optional(Type.String({ format: 'uuid' })),
});
export const ListCompoundsQuery = Type.Object({ gridCode: Type.Optional(GridCode) });
