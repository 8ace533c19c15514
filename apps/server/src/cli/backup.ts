import { BackupError, backupDatabase } from '@scoreflow/store';
import { ConfigError, loadConfig } from '../config.js';
import { describeDatabase, fail, refuseOnPostgres } from './summary.js';

const USAGE = `Usage: node apps/server/dist/cli/backup.js <target-file>

Copies the database in DATA_DIR (default ./data) to <target-file> while Scoreflow keeps running,
with SQLite's online backup API, and verifies the copy. With DATABASE_URL (PostgreSQL) use pg_dump
instead. See docs/operations.md.`;

// Progress is only worth printing when the copy takes a while.
const PROGRESS_FROM_PAGES = 5_000;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [target, ...rest] = argv;
  if (!target || rest.length > 0 || target.startsWith('-')) fail(USAGE, 2);
  const config = loadConfig(process.env, []);
  refuseOnPostgres('backup', config.databaseLocation);
  const started = Date.now();
  let shown = -1;
  let onePassShown = false;
  const summary = await backupDatabase(config.databaseLocation, target, (p) => {
    if (p.totalPages < PROGRESS_FROM_PAGES) return;
    if (p.onePass && !onePassShown && p.remainingPages > 0) {
      onePassShown = true;
      process.stdout.write(
        `the database is being written to: copying the remaining ${p.remainingPages} pages in one pass\n`,
      );
    }
    const percent = Math.floor(((p.totalPages - p.remainingPages) / p.totalPages) * 100);
    if (percent >= shown + 10 || (p.remainingPages === 0 && percent !== shown)) {
      shown = percent;
      process.stdout.write(
        `copied ${percent}% (${p.totalPages - p.remainingPages} of ${p.totalPages} pages)\n`,
      );
    }
  });
  process.stdout.write(
    `backup of ${config.databaseLocation} written and verified in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  process.stdout.write(`${describeDatabase(summary)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof BackupError || err instanceof ConfigError) fail(`backup failed: ${err.message}`);
  fail(`backup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
});
