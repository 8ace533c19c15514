import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { connectRedis, deleteInstallationKeys, queuePrefix } from '@scoreflow/runtime';
import { BackupError, restoreDatabase } from '@scoreflow/store';
import { type Config, ConfigError, loadConfig } from '../config.js';
import {
  DataDirBusyError,
  describeProcesses,
  liveProcesses,
  PIDS_DIR,
  registerProcess,
} from '../dataDirLock.js';
import { describeDatabase, fail, refuseOnPostgres } from './summary.js';

const USAGE = `Usage: node apps/server/dist/cli/restore.js <backup-file> [--force]

Puts <backup-file> (written by the backup command) in place as the database in DATA_DIR (default
./data). Refuses while any Scoreflow process uses DATA_DIR, and refuses a DATA_DIR that is not empty
unless --force is given. With DATABASE_URL (PostgreSQL) use pg_restore instead. See
docs/operations.md.`;

/**
 * Deletes this installation's keys (queues, schedules, rate-limit counts) from the Redis the server
 * would use. They describe the database that was replaced: left in place, a finished job of an event
 * that is pending again in the restored database would keep the reconciler from queueing it again.
 */
async function clearQueues(config: Config): Promise<string> {
  const url = config.redisUrl ?? config.redisProbeUrl;
  const redis = connectRedis(url, { lazyConnect: true, failFast: true });
  redis.on('error', () => {});
  const pattern = `${queuePrefix(url, config.queuePrefix)}:*`;
  try {
    await redis.connect();
    const { deleted } = await deleteInstallationKeys(redis, url, config.queuePrefix);
    return `deleted ${deleted} Redis keys under "${pattern}" at ${url}; the workers rebuild the queues from the restored database`;
  } catch (err) {
    if (!config.redisUrl) {
      // Nothing answers where the server looks first, so it will start its own redis-server on
      // DATA_DIR/redis, which the restore has emptied.
      return `no Redis answers at ${url}: the server will start its own, with empty queues`;
    }
    return (
      `WARNING: could not reach Redis at ${url} (${err instanceof Error ? err.message : String(err)}). ` +
      `Before starting Scoreflow, delete the keys under "${pattern}" there ` +
      `(redis-cli --scan --pattern '${pattern}' | xargs -r redis-cli del) or set a new QUEUE_PREFIX`
    );
  } finally {
    redis.disconnect();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const force = argv.includes('--force');
  const args = argv.filter((a) => a !== '--force');
  const [backupFile, ...rest] = args;
  if (!backupFile || rest.length > 0 || backupFile.startsWith('-')) fail(USAGE, 2);
  const config = loadConfig(process.env, []);
  refuseOnPostgres('restore', config.databaseLocation);
  const { dataDir } = config;

  // Registered first: a server starting from now on sees the restore and refuses to start.
  const claim = registerProcess(dataDir, 'restore');
  const running = liveProcesses(dataDir);
  if (running.length > 0) {
    fail(
      `restore refused: Scoreflow is running on ${dataDir}:\n${describeProcesses(running)}\n` +
        'Stop every Scoreflow process using this DATA_DIR (API and workers), then run the restore again.',
    );
  }
  let existing: string[] = [];
  try {
    existing = readdirSync(dataDir).filter((name) => name !== PIDS_DIR);
  } catch {
    // no data directory yet: restoring into a new one
  }
  if (existing.length > 0 && !force) {
    fail(
      `restore refused: ${dataDir} is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', ...' : ''}).\n` +
        'To replace the installation there, make sure it is stopped and run again with --force; ' +
        'its database is kept beside the restored one as scoreflow.db.replaced-<time>.',
    );
  }

  process.stdout.write(`verifying ${path.resolve(backupFile)}\n`);
  const result = restoreDatabase(backupFile, config.databaseLocation);
  // The embedded redis-server's files describe the replaced database too.
  rmSync(path.join(dataDir, 'redis'), { recursive: true, force: true });
  const queues = await clearQueues(config);
  claim.release();

  process.stdout.write(`restored ${path.resolve(backupFile)} into ${dataDir}\n`);
  process.stdout.write(`${describeDatabase(result)}\n`);
  if (result.replacedBy) process.stdout.write(`the database it replaced is now ${result.replacedBy}\n`);
  process.stdout.write(`${queues}\n`);
  process.stdout.write(
    'Start Scoreflow as usual: at start the workers queue again every event, wait and delivery that was pending in the backup.\n',
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof BackupError || err instanceof DataDirBusyError || err instanceof ConfigError)
    fail(`restore failed: ${err.message}`);
  fail(`restore failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
});
