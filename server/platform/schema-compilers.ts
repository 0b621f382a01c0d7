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

/** Compilations handed out but not yet made (see `lazily`). */
const pending = new Set<() => unknown>();

/**
 * Compiles a route's schema when the route is first used, not when the app is built: a server answers
 * its first request some 1.8 s of CPU sooner (most routes are never called in a short-lived process: a
 * browser test's server, a restarted instance), and a test environment compiles only what its tests call.
 * The function handed to Fastify forwards to the compiled one; a validator's `errors` are the compiled
 * function's, and it carries `schemaEnv` as Ajv's do (Fastify then passes the parent object, so defaults
 * and coercion can replace a root value). `compilePending()` compiles whatever is still waiting: the suite
 * calls it to find a schema that does not compile, which would otherwise wait for its route's first call.
 */
function lazily(kind: 'validator' | 'serializer', factory: Factory): Factory {
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    return (route) => {
      let fn: ((...args: unknown[]) => unknown) & { errors?: unknown };
      const get = () => {
        if (!fn) {
          fn = compile(route) as typeof fn;
          pending.delete(get);
        }
        return fn;
      };
      pending.add(get);
      const call = function (this: unknown, ...args: unknown[]) {
        return get().apply(this, args);
      };
      if (kind === 'validator') {
        Object.defineProperty(call, 'errors', { get: () => get().errors, enumerable: true });
        Object.defineProperty(call, 'schemaEnv', { value: true, enumerable: true });
      }
      return call;
    };
  };
}

/** Compiles every route schema still waiting for its first use; throws as compiling it would. */
export function compilePending(): number {
  let n = 0;
  for (const get of [...pending]) {
    get();
    n++;
  }
  return n;
}

/** The `schemaController.compilersFactory` every app is built with. */
export const schemaCompilers = {
  buildValidator: lazily('validator', cached('validator', validators)),
  buildSerializer: lazily('serializer', cached('serializer', serializers)),
} as unknown as Factories;
