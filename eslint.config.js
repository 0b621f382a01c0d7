// Lint for the whole repository: `npm run lint` (ESLint, then knip for unused files and exports).
//
// Why the TypeScript 5 alias: the project compiles with TypeScript 7 (the native port), whose
// `typescript` package has no JavaScript API — `require('typescript')` gives only a version stub.
// typescript-eslint's parser is built on that API (ts.createSourceFile) and supports TypeScript
// < 6.1. So package.json carries `typescript5` (npm:typescript@5.9) and, before typescript-eslint
// loads, the module that `require('typescript')` resolves to from typescript-eslint's packages is
// put in Node's documented require.cache as TypeScript 5. Only this process (ESLint) sees it;
// tsc, vite and vitest keep TypeScript 7. package.json's `overrides` set typescript-eslint's peer
// range to the project's own TypeScript so that `npm ci` installs without --legacy-peer-deps.
// (typescript-estree 8.73 also has an experimental backend on the native compiler, aliased as
// @typescript/native, but it wants a 7.1 dev build and still loads the TypeScript 5 API.)
// No rule needs type information (two cores; each lint run must stay well under a minute).
//
// From the recommended sets, one rule is off because keeping it would mean rewriting a pattern:
// - no-useless-assignment: `let ok = false; try { ok = … } catch { ok = false }` is the house way
//   of reading a fallible value (config, data-directory lock, imports, the phone's copy button).
// For the console, eslint-plugin-react-hooks' two classic rules only; its React Compiler rules
// would run Babel over every component.
// A rule a line must break says so where it does, with `eslint-disable-next-line <rule> -- why`.
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const typescript5 = require('typescript5');
for (const pkg of [
  '@typescript-eslint/typescript-estree',
  '@typescript-eslint/parser',
  '@typescript-eslint/eslint-plugin',
  '@typescript-eslint/utils',
  '@typescript-eslint/type-utils',
  'ts-api-utils',
]) {
  let entry;
  try {
    entry = createRequire(require.resolve(pkg)).resolve('typescript');
  } catch {
    continue; // a package npm did not install, or one that resolves no typescript of its own
  }
  const stub = new Module(entry);
  stub.filename = entry;
  stub.loaded = true;
  stub.exports = typescript5;
  require.cache[entry] = stub;
}

const { default: js } = await import('@eslint/js');
const { default: tseslint } = await import('typescript-eslint');
const { default: reactHooks } = await import('eslint-plugin-react-hooks');
const { default: globals } = await import('globals');

/**
 * The server's modules, lowest first. A module may import only the modules before it, so the
 * imports form a DAG and no two modules import each other; `<m>.tables.ts` is private to its module
 * (other modules call its service). Tests, generators and benchmarks may import anything.
 */
export const MODULE_ORDER = [
  'calendar',
  'categories',
  'regions',
  'orgs',
  'users',
  'audit',
  'grids',
  'buildings',
  'households',
  'notifications',
  'appeals',
  'visits',
  'open311',
  // Before overview: the workbench shows a leader's chains (链长制).
  'enterprises',
  'overview',
  'meetings',
  'mediation',
  'wishes',
  'volunteers',
  'funds',
  'assessment',
  'disclosure',
  'reminders',
  // new-module: modules (scripts/new-module.ts puts a new module above this line, at the top of the order)
];

const TABLES_OF_ANOTHER_MODULE = {
  regex: '^\\.\\./[^/]+/[^/]+\\.tables(\\.js)?$',
  message: "Another module's tables are private to it: call that module's service.",
};

const TABLES_FROM_PLATFORM = {
  regex: '(^|/)modules/[^/]+/[^/]+\\.tables(\\.js)?$',
  message: "platform/ must not reach into a module's tables: the module hands it what it needs.",
};

const PLATFORM_FILES = ['server/platform/**/*.ts'];
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];

/** Import patterns as errors, for static imports and re-exports and for `await import(…)` alike. */
function restrictImports(patterns) {
  return {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': [
      'error',
      ...patterns.map((p) => ({ selector: `ImportExpression[source.value=/${p.regex.replaceAll('/', '\\/')}/]`, message: p.message })),
    ],
  };
}

/** One config per module: the tables rule, and the modules above it in MODULE_ORDER forbidden. */
const moduleBoundaries = MODULE_ORDER.map((name, index) => {
  const above = MODULE_ORDER.slice(index + 1);
  const patterns = [TABLES_OF_ANOTHER_MODULE];
  if (above.length > 0) {
    patterns.push({
      regex: `^\\.\\./(${above.join('|')})/`,
      message: `${name} sits below ${above.join(', ')} in MODULE_ORDER (eslint.config.js): it may not import them. Move the shared piece down, or call in the other direction.`,
    });
  }
  return {
    name: `tingsu/boundaries/${name}`,
    files: [`server/modules/${name}/**/*.ts`],
    ignores: TEST_FILES,
    rules: restrictImports(patterns),
  };
});


export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'server/db/migrations/**',
      'web/src/app/api.gen.ts',
      'web/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    name: 'tingsu/base',
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'tingsu/web',
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...moduleBoundaries,
  // platform/access/ is the one exception: the visibility rules, one file per resource, are written
  // against each resource's columns (deny by default, reviewed like security code); every module asks
  // them instead of writing its own where-clauses, so they read the tables but never write them.
  {
    name: 'tingsu/boundaries/platform',
    files: PLATFORM_FILES,
    ignores: [...TEST_FILES, 'server/platform/access/**'],
    rules: restrictImports([TABLES_FROM_PLATFORM]),
  },
);
