import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_WORK_HOURS, parseWorkHours } from './modules/calendar/calendar.time.js';

/**
 * Every environment variable the server reads, checked once at boot.
 * A bad value stops the process with a message naming the variable (zh-CN and English).
 */
export interface Config {
  port: number;
  host: string;
  /** postgres://… for production; undefined means the embedded PGlite database. */
  databaseUrl?: string;
  /**
   * postgres://… of a streaming replica (TINGSU_READ_DATABASE_URL) for the reads that tolerate a second of
   * lag: dashboards, figures, exports, searches. Unset: every read on the primary. PostgreSQL only.
   */
  readDatabaseUrl?: string;
  /** TINGSU_READ_MAX_LAG_MS: how far behind the primary the replica may be and still serve reads (default 1000). */
  readMaxLagMs: number;
  /**
   * TINGSU_PGBOUNCER=transaction: the database URLs lead to PgBouncer in transaction pooling, so no
   * statement is prepared by name and no session state is kept between transactions.
   */
  pgbouncer?: 'transaction';
  /** Where PGlite keeps its files (and the secret, when none is configured). */
  dataDir: string;
  /** In-memory PGlite (tests). */
  memoryDb: boolean;
  /** Secret for tokens and, later, personal-data encryption keys. */
  secret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  cookieSecure: boolean;
  sessionHours: number;
  /**
   * Which proxies may tell the client's address in X-Forwarded-For: false (none, the default), a
   * number of hops, or a list of addresses/CIDRs. Never "every sender".
   */
  trustProxy: false | number | string[];
  bodyLimitBytes: number;
  /** Largest spreadsheet accepted for import. */
  importMaxBytes: number;
  /** Largest total a spreadsheet may unpack to (its zip entries' sizes), checked before parsing. */
  importMaxUnpackedBytes: number;
  /** Serve the built console from dist/web. */
  serveWeb: boolean;
  /** Login throttling: failures per account within the window before it is locked for the window. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Run background jobs (deadline checks, message delivery) in this process. */
  jobs: boolean;
  /** Office hours for working-time limits, e.g. 08:30-12:00,14:00-17:30 (China time). */
  workHours: string;
  /** Messages to requesters are POSTed here as JSON {to, text, id}; unset keeps them queued. */
  smsWebhookUrl?: string;
  /** How long the SMS gateway may take to answer one message before it counts as failed (and is retried). */
  smsTimeoutMs: number;
  /** How often the outbox is looked at for messages due (new, retried, or left by a killed instance). */
  outboxEveryMs: number;
  /** How long a job's claim lasts without renewal: a killed instance's jobs return to others after this. */
  jobLeaseMs: number;
  /** How often each job lane looks for due work when idle. */
  jobPollMs: number;
  /** The address residents reach the server at, printed in QR codes. */
  publicUrl?: string;
  /** Bearer token for GET /metrics; unset means /metrics answers internal addresses only. */
  metricsToken?: string;
  /** The base map the console's maps draw over (TINGSU_MAP_TILES…); unset draws outlines on a plain background. */
  mapTiles?: MapTiles;
}

/** A tile layer: XYZ/WMTS URL templates with {z} {x} {y} (and {s} for the subdomains). */
interface MapTiles {
  url: string;
  /** A second layer drawn on top, e.g. 天地图's labels (cva_w) over its vector map (vec_w). */
  annotationUrl?: string;
  /** What {s} takes, one character each (天地图: 01234567). */
  subdomains: string;
  /** Shown in the map's corner (plain text). */
  attribution?: string;
  maxZoom: number;
}

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    zh: string,
    en: string,
  ) {
    super(`配置错误 ${variable}：${zh}\nConfiguration error ${variable}: ${en}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(name, `必须是整数，当前值 "${raw}"`, `must be a whole number, got "${raw}"`);
  }
  const n = Number(raw.trim());
  if (n < min || n > max) {
    throw new ConfigError(name, `必须在 ${min}–${max} 之间，当前值 ${n}`, `must be between ${min} and ${max}, got ${n}`);
  }
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `必须是 true 或 false，当前值 "${raw}"`, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `必须是 http(s):// 开头的地址，当前值 "${raw}"`, `must be an http(s):// URL, got "${raw}"`);
  }
}

function token(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (raw.length < 16 || !/^[\x21-\x7e]+$/.test(raw)) {
    throw new ConfigError(name, '至少 16 个字符，且只能包含可见 ASCII 字符（不含空格）', 'must be at least 16 visible ASCII characters (no spaces)');
  }
  return raw;
}

function workHours(env: Env): string {
  const raw = env.TINGSU_WORK_HOURS?.trim() || DEFAULT_WORK_HOURS;
  try {
    parseWorkHours(raw);
  } catch (e) {
    throw new ConfigError('TINGSU_WORK_HOURS', `格式应如 08:30-12:00,14:00-17:30（${(e as Error).message}）`, `must look like 08:30-12:00,14:00-17:30 (${(e as Error).message})`);
  }
  return raw;
}

/**
 * TINGSU_TRUST_PROXY: empty/false (no proxy), a hop count (1 = the one reverse proxy in front), or a
 * comma-separated list of the proxies' addresses or CIDRs (10.0.0.5, 10.0.0.0/8, ::1). `true` would
 * believe any X-Forwarded-For a client sends, letting anyone pick the address the throttles and the
 * audit log see: it is refused.
 */
function trustProxy(env: Env): false | number | string[] {
  const name = 'TINGSU_TRUST_PROXY';
  const raw = env[name]?.trim() ?? '';
  const v = raw.toLowerCase();
  if (v === '' || ['0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on', '*'].includes(v)) {
    throw new ConfigError(
      name,
      '不能设为 true（那样任何客户端都能伪造 X-Forwarded-For 地址）；请填写代理的地址或网段（如 10.0.0.5,10.0.0.0/8），或代理层数（如 1）',
      'cannot be true (any client could then forge its address in X-Forwarded-For); give the proxies\' addresses or CIDRs (e.g. 10.0.0.5,10.0.0.0/8) or a hop count (e.g. 1)',
    );
  }
  if (/^\d+$/.test(v)) return int(env, name, 0, 1, 10);
  const list = raw.split(',').map((x) => x.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr);
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !okBits || extra !== undefined) {
      throw new ConfigError(name, `"${item}" 不是 IP 地址或网段（如 10.0.0.5 或 10.0.0.0/8）`, `"${item}" is not an IP address or CIDR (e.g. 10.0.0.5 or 10.0.0.0/8)`);
    }
  }
  return list;
}

const TILE_PLACEHOLDERS = new Set(['{s}', '{z}', '{x}', '{y}', '{-y}', '{r}']);

/**
 * A tile URL template: http(s), with {z}, {x} and {y} ({-y} for TMS), only the placeholders Leaflet
 * fills, {s} only in the host's first label (so the Content-Security-Policy can name the host as
 * *.rest), and 天地图 only with its key (tk=…), which it refuses tiles without.
 */
function tileTemplate(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const fail = (zh: string, en: string): never => {
    throw new ConfigError(name, `${zh}，当前值 "${raw}"`, `${en}, got "${raw}"`);
  };
  const unknown = (raw.match(/\{[^}]*\}/g) ?? []).filter((p) => !TILE_PLACEHOLDERS.has(p));
  if (unknown.length) fail(`只能使用 {s} {z} {x} {y} {-y} {r} 占位符，不认识 ${unknown.join(' ')}`, `may use only the placeholders {s} {z} {x} {y} {-y} {r}, not ${unknown.join(' ')}`);
  if (!raw.includes('{z}') || !raw.includes('{x}') || !(raw.includes('{y}') || raw.includes('{-y}'))) {
    fail('必须是含 {z}、{x}、{y} 的瓦片地址模板，如 https://tiles.example.org/{z}/{x}/{y}.png', 'must be a tile URL template with {z}, {x} and {y}, e.g. https://tiles.example.org/{z}/{x}/{y}.png');
  }
  let u: URL;
  try {
    u = new URL(raw.replaceAll('{s}', 'a').replaceAll('{z}', '0').replaceAll('{x}', '0').replaceAll('{-y}', '0').replaceAll('{y}', '0').replaceAll('{r}', ''));
  } catch {
    return fail('不是有效的地址', 'is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail('必须以 http:// 或 https:// 开头', 'must start with http:// or https://');
  const host = raw.slice(raw.indexOf('//') + 2).split(/[/?#]/)[0];
  if (host.includes('{s}') && !/^[^.]*\{s\}[^.]*\.[^{}]+$/.test(host)) fail('{s} 只能出现在主机名的第一段（如 https://t{s}.tianditu.gov.cn/…）', '{s} may appear only in the first label of the host (e.g. https://t{s}.tianditu.gov.cn/…)');
  if (/(^|\.)tianditu\.gov\.cn$/i.test(u.hostname) && !/[?&]tk=[^&\s]+/.test(raw)) {
    fail('天地图瓦片需要密钥：在地址末尾加 &tk=您的密钥（在 console.tianditu.gov.cn 申请）', '天地图 (Tianditu) tiles need a key: add &tk=YOUR_KEY (from console.tianditu.gov.cn)');
  }
  return raw;
}

function mapTiles(env: Env): MapTiles | undefined {
  const url = tileTemplate(env, 'TINGSU_MAP_TILES');
  const annotationUrl = tileTemplate(env, 'TINGSU_MAP_TILES_ANNOTATION');
  if (!url) {
    if (annotationUrl) throw new ConfigError('TINGSU_MAP_TILES_ANNOTATION', '只能与 TINGSU_MAP_TILES 一起设置', 'can be set only together with TINGSU_MAP_TILES');
    return undefined;
  }
  const tianditu = /tianditu\.gov\.cn/i.test(url);
  const subdomains = env.TINGSU_MAP_SUBDOMAINS?.trim() || (tianditu ? '01234567' : 'abc');
  if (!/^[a-z0-9]{1,16}$/i.test(subdomains)) {
    throw new ConfigError('TINGSU_MAP_SUBDOMAINS', `必须是 1–16 个字母或数字（每个字符是一个子域），当前值 "${subdomains}"`, `must be 1–16 letters or digits (one subdomain each), got "${subdomains}"`);
  }
  const attribution = env.TINGSU_MAP_ATTRIBUTION?.trim() || (tianditu ? '天地图' : undefined);
  if (attribution && (attribution.length > 200 || /[<>]/.test(attribution))) {
    throw new ConfigError('TINGSU_MAP_ATTRIBUTION', '最多 200 个字符的纯文本（不含 < >）', 'must be plain text of at most 200 characters (no < >)');
  }
  return { url, annotationUrl, subdomains, attribution, maxZoom: int(env, 'TINGSU_MAP_MAX_ZOOM', 18, 1, 22) };
}

/**
 * The Content-Security-Policy sources the tile images come from: each template's scheme and host,
 * with the {s} label as a wildcard (https://*.tianditu.gov.cn).
 */
export function tileImageSources(tiles: MapTiles | undefined): string[] {
  if (!tiles) return [];
  const sources = [tiles.url, tiles.annotationUrl].filter((t): t is string => !!t).map((t) => {
    const [scheme, rest] = t.split('//');
    const host = rest.split(/[/?#]/)[0];
    return `${scheme}//${host.includes('{s}') ? `*${host.slice(host.indexOf('.'))}` : host}`;
  });
  return [...new Set(sources)];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim() || undefined;
  if (raw !== undefined) {
    let ok = false;
    try {
      const u = new URL(raw);
      ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ConfigError(name, '必须是 postgres://用户:密码@主机:端口/数据库 形式的地址', 'must look like postgres://user:password@host:port/database');
    }
  }
  return raw;
}

/** TINGSU_PGBOUNCER: empty/off, or `transaction` (PgBouncer's transaction pooling in front of PostgreSQL). */
function pgbouncer(env: Env, databaseUrl: string | undefined): 'transaction' | undefined {
  const name = 'TINGSU_PGBOUNCER';
  const v = env[name]?.trim().toLowerCase() ?? '';
  if (v === '' || ['0', 'false', 'no', 'off'].includes(v)) return undefined;
  if (v !== 'transaction') {
    throw new ConfigError(name, `只能是 transaction（PgBouncer 的事务池模式）或留空，当前值 "${env[name]}"`, `must be transaction (PgBouncer's transaction pooling) or empty, got "${env[name]}"`);
  }
  if (!databaseUrl) {
    throw new ConfigError(name, '只能与 DATABASE_URL（PostgreSQL）一起设置，内置数据库不经过 PgBouncer', 'can be set only with DATABASE_URL (PostgreSQL): the embedded database has no PgBouncer');
  }
  return 'transaction';
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  const readDatabaseUrl = postgresUrl(env, 'TINGSU_READ_DATABASE_URL');
  if (readDatabaseUrl && !databaseUrl) {
    throw new ConfigError(
      'TINGSU_READ_DATABASE_URL',
      '只能与 DATABASE_URL（PostgreSQL 主库）一起设置：内置数据库（PGlite）没有只读副本',
      'can be set only with DATABASE_URL (the PostgreSQL primary): the embedded database (PGlite) has no read replica',
    );
  }
  const dataDir = path.resolve(env.TINGSU_DATA_DIR?.trim() || './data');
  const logLevel = (env.TINGSU_LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('TINGSU_LOG_LEVEL', `必须是 ${LOG_LEVELS.join('/')} 之一`, `must be one of ${LOG_LEVELS.join('/')}`);
  }
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError('HOST', `不是有效的主机地址："${host}"`, `is not a valid host address: "${host}"`);
  }
  const memoryDb = overrides.memoryDb ?? false;

  let secret = env.TINGSU_SECRET?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    throw new ConfigError('TINGSU_SECRET', '长度至少 32 个字符', 'must be at least 32 characters long');
  }
  if (!secret) {
    if (databaseUrl) {
      throw new ConfigError(
        'TINGSU_SECRET',
        '使用 PostgreSQL（DATABASE_URL）时必须设置，至少 32 个随机字符，可用 `openssl rand -hex 32` 生成',
        'is required with PostgreSQL (DATABASE_URL): at least 32 random characters, e.g. from `openssl rand -hex 32`',
      );
    }
    secret = memoryDb ? randomBytes(32).toString('hex') : embeddedSecret(dataDir);
  }

  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host,
    databaseUrl,
    readDatabaseUrl,
    readMaxLagMs: int(env, 'TINGSU_READ_MAX_LAG_MS', 1_000, 100, 600_000),
    pgbouncer: pgbouncer(env, databaseUrl),
    dataDir,
    memoryDb,
    secret,
    logLevel,
    cookieSecure: bool(env, 'TINGSU_COOKIE_SECURE', false),
    sessionHours: int(env, 'TINGSU_SESSION_HOURS', 12, 1, 24 * 30),
    trustProxy: trustProxy(env),
    bodyLimitBytes: int(env, 'TINGSU_BODY_LIMIT', 1024 * 1024, 1024, 100 * 1024 * 1024),
    importMaxBytes: int(env, 'TINGSU_IMPORT_MAX_BYTES', 32 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    importMaxUnpackedBytes: int(env, 'TINGSU_IMPORT_MAX_UNPACKED_BYTES', 256 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024),
    serveWeb: bool(env, 'TINGSU_SERVE_WEB', true),
    loginMaxFailures: int(env, 'TINGSU_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowMinutes: int(env, 'TINGSU_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    jobs: bool(env, 'TINGSU_JOBS', true),
    workHours: workHours(env),
    smsWebhookUrl: url(env, 'TINGSU_SMS_WEBHOOK_URL'),
    smsTimeoutMs: int(env, 'TINGSU_SMS_TIMEOUT_MS', 10_000, 100, 120_000),
    outboxEveryMs: int(env, 'TINGSU_OUTBOX_EVERY_MS', 30_000, 200, 3_600_000),
    jobLeaseMs: int(env, 'TINGSU_JOB_LEASE_MS', 60_000, 200, 3_600_000),
    jobPollMs: int(env, 'TINGSU_JOB_POLL_MS', 5_000, 50, 600_000),
    publicUrl: url(env, 'TINGSU_PUBLIC_URL'),
    metricsToken: token(env, 'TINGSU_METRICS_TOKEN'),
    mapTiles: mapTiles(env),
    ...overrides,
  };
}

/**
 * The absolute address printed in QR codes and Open311 discovery: TINGSU_PUBLIC_URL, or without it the
 * server's own listening address. Never the request's Host header, which any client may forge (a
 * poisoned poster or discovery document would send residents elsewhere).
 */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host);
  const host = wildcard ? 'localhost' : config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** The embedded database keeps a generated secret beside its data, so restarts keep sessions valid. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const s = randomBytes(32).toString('hex');
  writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}
