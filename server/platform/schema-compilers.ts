/**
 * Fastify's own validator (Ajv) and serializer (fast-json-stringify) compilers, each compiled
 * function kept for the life of the process and keyed by what it was compiled from: the shared
 * schemas and options of its pool, the request part or response status, and the schema's JSON.
 *
 * Compiling the schemas of every route is most of what building the app costs (about one and a half
 * seconds of CPU for some four hundred routes). A process builds its app once, so there this changes
 * nothing; the test suite builds an app per test environment in the same worker, and each of those
 * after the first now reuses the functions compiled for it. A compiled function holds no state of its
 * app: Ajv's and fast-json-stringify's functions depend only on the schema and the options.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Compile = (route: { schema: unknown; httpPart?: string; httpStatus?: string; contentType?: string }) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;

const validators = AjvCompiler() as unknown as Factory;
const serializers = SerializerSelector() as unknown as Factory;
const compiled = new Map<string, unknown>();

function cached(kind: string, factory: Factory): Factory {
  return (externalSchemas, options) => {
    const pool = `${kind}\u0000${JSON.stringify(externalSchemas)}\u0000${JSON.stringify(options ?? null)}`;
    let compile: Compile | undefined;
    return (route) => {
      const key = `${pool}\u0000${route.httpPart ?? ''}\u0000${route.httpStatus ?? ''}\u0000${route.contentType ?? ''}\u0000${JSON.stringify(route.schema)}`;
      let fn = compiled.get(key);
      if (fn === undefined) {
        compile ??= factory(externalSchemas, options);
        fn = compile(route);
        compiled.set(key, fn);
      }
      return fn;
    };
  };
}

/** The `schemaController.compilersFactory` every app is built with. */
export const schemaCompilers = {
  buildValidator: cached('validator', validators),
  buildSerializer: cached('serializer', serializers),
} as unknown as Factories;
