import path from 'node:path';
import { CodedError } from '@scoreflow/flow';
import { DEFAULT_LOCK_MS } from '@scoreflow/runtime';
import { isPostgresUrl } from '@scoreflow/store';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  /**
   * A PostgreSQL database (postgres://user:password@host:5432/name) instead of the SQLite file in
   * DATA_DIR; several API and worker processes on several hosts may then share it.
   */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || isPostgresUrl(v), 'must be a postgres:// or postgresql:// URL')
    .refine((v) => v === undefined || URL.canParse(v), 'is not a valid URL'),
  /** Connections each process keeps to PostgreSQL (DATABASE_URL); unused with SQLite. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /**
   * host:port of Redis Cluster nodes, comma-separated (some are enough: the rest is discovered).
   * Credentials and TLS come from REDIS_URL's scheme and user info when both are set.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /** Where to look for a running Redis when REDIS_URL is unset. */
  REDIS_PROBE_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, _ . - only')
    .default('scoreflow'),
  /**
   * Jobs of each queue a worker process runs at once. Each holds a database connection while it
   * commits, so it is sized with DATABASE_POOL_SIZE and the host's cores in mind (see docs/deploy.md).
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long a worker's job lock lasts; a killed worker's jobs are retried after it expires. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(DEFAULT_LOCK_MS),
  /** How often the reconciler rebuilds Redis's work from the database; the fault suite shortens it. */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Attempts of an email or webhook delivery before its step fails, and the first retry delay (doubling). */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).default(2_000),
  /** Days to keep run steps, events and delivered outbox rows (0 keeps everything; at least 91 otherwise). */
  RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .refine((d) => d === 0 || d >= 91, 'must be 0 (keep everything) or at least 91 days')
    .default(180),
  /** Days to keep events of visitors who have not identified (0 keeps them, within the per-visitor cap). */
  ANONYMOUS_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP server for emails, e.g. smtp://user:pass@mail.example.com:587; unset: the outbox is the record. */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  SMTP_FROM: z.string().default('Scoreflow <scoreflow@localhost>'),
  /** Where recipients reach this installation (unsubscribe links); default http://HOST:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** Comma-separated host names webhooks may call even when they resolve to private addresses. */
  WEBHOOK_ALLOW_HOSTS: z.string().default(''),
  /** Comma-separated write keys accepted by the Segment-compatible /v1 API. */
  SEGMENT_WRITE_KEY: z.string().default(''),
  /** The first admin, created on a start with no users (else admin@localhost, password printed once). */
  SCOREFLOW_ADMIN_EMAIL: z.email().optional(),
  SCOREFLOW_ADMIN_PASSWORD: z.string().min(12, 'must be 12 characters at least').optional(),
  /** An admin API token with this value is made to exist at start (automation, tests). */
  SCOREFLOW_BOOTSTRAP_TOKEN: z.string().min(16, 'must be 16 characters at least').optional(),
  /** Rate limits: requests per window per caller on /api and per write key on /v1 (0: no limit). */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  RATE_LIMIT_PER_CALLER: z.coerce.number().int().min(0).default(30_000),
  RATE_LIMIT_PER_WRITE_KEY: z.coerce.number().int().min(0).default(30_000),
});

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** DATABASE_URL when set, else the SQLite file in DATA_DIR: what `openDatabase` takes. */
  databaseLocation: string;
  databasePoolSize: number;
  redisUrl: string | undefined;
  redisProbeUrl: string;
  queuePrefix: string;
  workerConcurrency: number;
  workerLockMs: number;
  reconcileEveryMs: number;
  retentionDays: number;
  anonymousRetentionDays: number;
  deliveryAttempts: number;
  deliveryBackoffMs: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  role: Role;
  smtpUrl: string | undefined;
  smtpFrom: string;
  publicUrl: string;
  webhookAllowPrivate: boolean;
  webhookAllowHosts: string[];
  segmentWriteKeys: string[];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  bootstrapToken: string | undefined;
  rateLimitWindowMs: number;
  rateLimitPerCaller: number;
  rateLimitPerWriteKey: number;
}

/** `data_dir_busy`: another process holds the data directory (see dataDirLock.ts). */
export type ConfigErrorCode = 'config_invalid' | 'data_dir_busy';

/** A configuration the process cannot start with. */
export class ConfigError extends CodedError<ConfigErrorCode> {
  constructor(message: string, code: ConfigErrorCode = 'config_invalid') {
    super(code, message);
  }
}

/** REDIS_CLUSTER_NODES as one cluster address (see @scoreflow/runtime's redisAddress.ts), else REDIS_URL. */
function redisAddress(url: string | undefined, clusterNodes: string | undefined): string | undefined {
  if (clusterNodes === undefined) return url;
  const nodes = list(clusterNodes).join(',');
  const access = url === undefined ? undefined : /^(rediss?):\/\/(?:([^@/]*)@)?/.exec(url);
  const scheme = access?.[1] ?? 'redis';
  return `${scheme}+cluster://${access?.[2] ? `${access[2]}@` : ''}${nodes}`;
}

/** Reads configuration from the environment and the command line; every value has an embedded default. */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const roleIndex = argv.indexOf('--role');
  const roleArg = roleIndex >= 0 ? argv[roleIndex + 1] : argv.find((a) => a.startsWith('--role='))?.slice(7);
  const role = (roleArg ?? 'all') as Role;
  if (!ROLES.includes(role))
    throw new ConfigError(`--role must be one of ${ROLES.join(', ')}, not "${roleArg}"`);
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    dataDir,
    databaseLocation: parsed.data.DATABASE_URL ?? path.join(dataDir, 'scoreflow.db'),
    databasePoolSize: parsed.data.DATABASE_POOL_SIZE,
    redisUrl: redisAddress(parsed.data.REDIS_URL, parsed.data.REDIS_CLUSTER_NODES),
    redisProbeUrl: parsed.data.REDIS_PROBE_URL,
    queuePrefix: parsed.data.QUEUE_PREFIX,
    workerConcurrency: parsed.data.WORKER_CONCURRENCY,
    workerLockMs: parsed.data.WORKER_LOCK_MS,
    reconcileEveryMs: parsed.data.RECONCILE_EVERY_MS,
    retentionDays: parsed.data.RETENTION_DAYS,
    anonymousRetentionDays: parsed.data.ANONYMOUS_RETENTION_DAYS,
    deliveryAttempts: parsed.data.DELIVERY_ATTEMPTS,
    deliveryBackoffMs: parsed.data.DELIVERY_BACKOFF_MS,
    logLevel: parsed.data.LOG_LEVEL,
    role,
    smtpUrl: parsed.data.SMTP_URL,
    smtpFrom: parsed.data.SMTP_FROM,
    publicUrl: parsed.data.PUBLIC_URL ?? `http://${parsed.data.HOST}:${parsed.data.PORT}`,
    webhookAllowPrivate: parsed.data.WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookAllowHosts: list(parsed.data.WEBHOOK_ALLOW_HOSTS),
    segmentWriteKeys: list(parsed.data.SEGMENT_WRITE_KEY),
    adminEmail: parsed.data.SCOREFLOW_ADMIN_EMAIL,
    adminPassword: parsed.data.SCOREFLOW_ADMIN_PASSWORD,
    bootstrapToken: parsed.data.SCOREFLOW_BOOTSTRAP_TOKEN,
    rateLimitWindowMs: parsed.data.RATE_LIMIT_WINDOW_MS,
    rateLimitPerCaller: parsed.data.RATE_LIMIT_PER_CALLER,
    rateLimitPerWriteKey: parsed.data.RATE_LIMIT_PER_WRITE_KEY,
  };
}
