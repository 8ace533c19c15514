// `npm run dev`: TypeScript in watch mode, the server restarting on each rebuild, and the editor on
// Vite's dev server with hot reload (it proxies /api to the server on port 3000).
import { spawn, spawnSync } from 'node:child_process';

const run = (cmd, args) => spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });

const first = spawnSync('npx', ['tsc', '-b'], { stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  run('npx', ['tsc', '-b', '--watch', '--preserveWatchOutput']),
  run('node', [
    '--watch-path=apps/server/dist',
    '--watch-path=packages',
    'apps/server/dist/main.js',
    '--role',
    'all',
  ]),
  run('npm', ['run', 'dev', '-w', '@scoreflow/editor']),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
