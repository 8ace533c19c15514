// Starts the BUILT server for the e2e run: a fresh temporary data directory and a unique queue
// prefix every time, so runs never see each other's flows or jobs. Playwright's webServer runs
// this and stops it (SIGTERM) at the end; the temporary directory is removed on the way out.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'apps/server/dist/main.js');
const editor = join(root, 'apps/editor/dist/index.html');
for (const [file, what] of [
  [main, 'the server'],
  [editor, 'the editor'],
]) {
  if (!existsSync(file)) {
    console.error(`e2e: ${what} is not built (${file} missing). Run \`npm run build\` first.`);
    process.exit(1);
  }
}

const port = process.env.E2E_PORT ?? '4173';
const queuePrefix = process.env.E2E_QUEUE_PREFIX ?? `e2e-${process.pid}-${Date.now()}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scoreflow-e2e-'));

// E2E_STORE=postgres runs the server on a schema of its own on the machine's PostgreSQL server
// (E2E_POSTGRES_URL), dropped at the end; otherwise on the SQLite file under the data directory.
const postgresUrl = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let database;
if (process.env.E2E_STORE === 'postgres') {
  const { createPostgresSchema } = await import('@scoreflow/store/testing');
  database = await createPostgresSchema(postgresUrl, 'e2e');
}
const databaseUrl = database?.location;

// A real SMTP peer on loopback, so flows' emails and test sends leave through SMTP as in production;
// what it receives is accepted and dropped (the specs read the email as sent from the app itself).
const { SMTPServer } = await import('smtp-server');
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('end', () => callback());
    stream.resume();
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = smtp.server.address().port;

const child = spawn(process.execPath, [main, '--role', 'all'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // Playwright's config passes its own; these defaults let the server be started by hand too.
    SCOREFLOW_BOOTSTRAP_TOKEN: process.env.SCOREFLOW_BOOTSTRAP_TOKEN ?? 'sf_e2e_bootstrap_token_for_tests',
    SCOREFLOW_ADMIN_EMAIL: process.env.SCOREFLOW_ADMIN_EMAIL ?? 'admin@e2e.example.com',
    SCOREFLOW_ADMIN_PASSWORD: process.env.SCOREFLOW_ADMIN_PASSWORD ?? 'e2e-admin-password-123',
    // The run-history specs call webhooks on an HTTP server they start on loopback.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SMTP_FROM: 'Scoreflow e2e <e2e@scoreflow.test>',
  },
});

/** Removes the data directory and this run's Redis keys (queues, schedulers), so runs leave nothing behind. */
async function cleanup() {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop().catch(() => undefined);
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // Redis gone: nothing to clean.
  } finally {
    redis.disconnect();
  }
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  smtp.close();
  void cleanup().finally(() => process.exit(code ?? (signal ? 0 : 1)));
});
