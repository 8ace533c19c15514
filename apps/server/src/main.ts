import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  createIngestor,
  createQueues,
  createRunControl,
  createRuntime,
  parseRedisAddress,
  queuePrefix,
  type RedisHandle,
  type Runtime,
  RuntimeError,
  resolveRedis,
  seedSampleTemplates,
} from '@scoreflow/runtime';
import { createStore, type Database, displayLocation, openDatabase } from '@scoreflow/store';
import { createTransport } from 'nodemailer';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import { bootstrapAccess } from './auth/bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { registerProcess } from './dataDirLock.js';
import { redisCommandSender } from './http/rateLimitRedis.js';
import { loadMetricsConfig } from './metrics/config.js';
import { createMetrics } from './metrics/registry.js';
import { createWorkerMetricsApp } from './metrics/workerServer.js';

/** The database of `config`, migrated; a failure to reach it says which one (without its password). */
async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  try {
    return await openDatabase(config.databaseLocation, {
      poolSize: config.databasePoolSize,
      backgroundCheckpoints: true,
      onConnectionError: (err) =>
        logger.warn({ err }, 'the database closed an idle connection; it is reopened when needed'),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open the database ${displayLocation(config.databaseLocation)}: ${reason}`, {
      cause: err,
    });
  }
}

/**
 * Entry point: `node apps/server/dist/main.js --role api|worker|all`.
 * `all` (the default) runs the API and the workers in one process on the embedded defaults.
 */
async function main(): Promise<void> {
  // Heard from the first moment: a stop asked for while the process starts (opening the database,
  // reaching Redis) is kept and carried out once it has started, instead of Node's default of dying
  // on the spot, so a stopped process always closes what it opened and exits 0.
  let shutdown: ((signal: string) => Promise<void>) | undefined;
  let stopAsked: string | undefined;
  const onSignal = (signal: string) => {
    if (shutdown) void shutdown(signal);
    else stopAsked ??= signal;
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const config = loadConfig(process.env, process.argv.slice(2));
  const metricsConfig = loadMetricsConfig(process.env);
  const logger = pino({ level: config.logLevel });
  // Lets a restore see that this data directory is in use; removed again when the process exits.
  registerProcess(config.dataDir, config.role);
  const store = createStore(await openConfiguredDatabase(config, logger));
  let redis: RedisHandle;
  try {
    redis = await resolveRedis({
      redisUrl: config.redisUrl,
      probeUrl: config.redisProbeUrl,
      dataDir: config.dataDir,
      logger,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.info(
    {
      role: config.role,
      redis: parseRedisAddress(redis.url).display,
      spawnedRedis: redis.spawned,
      dataDir: config.dataDir,
      database: displayLocation(config.databaseLocation),
    },
    'starting',
  );

  let runtime: Runtime | undefined;
  let server: Server | undefined;
  // Each process counts its own work; Prometheus scrapes every one of them.
  const metrics = createMetrics({ store, role: config.role, processMetrics: true, queues: () => queues });
  if (config.role === 'worker' || config.role === 'all') {
    runtime = createRuntime({
      store,
      redisUrl: redis.url,
      prefix: config.queuePrefix,
      logger,
      concurrency: config.workerConcurrency,
      lockDurationMs: config.workerLockMs,
      reconcileEveryMs: config.reconcileEveryMs,
      retentionDays: config.retentionDays,
      anonymousRetentionDays: config.anonymousRetentionDays,
      deliveryAttempts: config.deliveryAttempts,
      deliveryBackoffMs: config.deliveryBackoffMs,
      smtpUrl: config.smtpUrl,
      smtpFrom: config.smtpFrom,
      publicUrl: config.publicUrl,
      webhookAllowPrivate: config.webhookAllowPrivate,
      webhookAllowHosts: config.webhookAllowHosts,
      observer: metrics.observer,
    });
    await runtime.start();
    logger.info('workers started');
  }

  // The API role only adds jobs; it reuses the runtime's queues when both run in this process.
  const queues =
    config.role === 'api' ? createQueues({ url: redis.url, prefix: config.queuePrefix }) : runtime?.queues;
  if (config.role === 'worker' && metricsConfig.workerPort !== undefined) {
    const app = createWorkerMetricsApp({ store, logger, metrics, token: metricsConfig.token });
    server = app.listen(metricsConfig.workerPort, config.host);
    logger.info({ port: metricsConfig.workerPort }, 'serving /metrics');
  }
  if (config.role === 'api' || config.role === 'all') {
    // Once per database: a new installation starts with templates the Send email step can name.
    await seedSampleTemplates(store);
    await bootstrapAccess(store, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
      bootstrapToken: config.bootstrapToken,
      // Straight to stdout, not the log: a generated password must not end up in log storage.
      print: (line) => process.stdout.write(`${line}\n`),
    });
    const app = createApp({
      store,
      logger,
      ingest: queues && createIngestor({ store, queues, logger }),
      runControl:
        queues &&
        createRunControl({
          store,
          queues,
          deliveryAttempts: config.deliveryAttempts,
          deliveryBackoffMs: config.deliveryBackoffMs,
        }),
      editorDir: fileURLToPath(new URL('../../editor/dist', import.meta.url)),
      readiness: [{ name: 'redis', check: async () => void (await redis.client.ping()) }],
      segmentWriteKeys: config.segmentWriteKeys,
      queues,
      metrics,
      metricsToken: metricsConfig.token,
      email: {
        transport: config.smtpUrl ? createTransport(config.smtpUrl) : undefined,
        from: config.smtpFrom,
        publicUrl: config.publicUrl,
      },
      // Counted in Redis so that every API process enforces the same limits.
      rateLimits: {
        windowMs: config.rateLimitWindowMs,
        perCaller: config.rateLimitPerCaller,
        perWriteKey: config.rateLimitPerWriteKey,
        redis: {
          sendCommand: redisCommandSender(redis.client),
          prefix: queuePrefix(redis.url, config.queuePrefix),
        },
      },
    });
    server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server?.once('listening', resolve);
      server?.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ url: `http://${config.host}:${port}/` }, 'Scoreflow is listening');
  }

  let stopping = false;
  shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    // Stop taking requests first, then let workers drain, then close what they write to.
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runtime?.close();
    if (config.role === 'api') await queues?.close();
    await redis.close();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  if (stopAsked) void shutdown(stopAsked);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RuntimeError) {
    process.stderr.write(`scoreflow: ${err.message}\n`);
  } else {
    process.stderr.write(
      `scoreflow: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
