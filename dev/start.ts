// `npm run dev`: the dev portal. Starts the dev backend (a real Backstage backend with this plugin,
// on the embedded Lambda sandbox and SQLite) and the frontend dev app, then waits for both.
// Ctrl-C stops both. Extra arguments (e.g. --config my.yaml) go to the backend.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
const bin = (name: string) => resolve(root, 'node_modules', '.bin', name);

const children: ChildProcess[] = [];

function run(label: string, command: string, args: string[]) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(line => line.trim() !== '')
      .map(line => `[${label}] ${line}\n`)
      .join('');
  child.stdout!.on('data', chunk => process.stdout.write(prefix(chunk)));
  child.stderr!.on('data', chunk => process.stderr.write(prefix(chunk)));
  child.on('exit', code => {
    console.log(`[${label}] exited with ${code}; stopping the dev portal`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1000).unref();
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

run('backend', bin('tsx'), ['dev/backend.ts', ...process.argv.slice(2)]);
run('frontend', bin('backstage-cli'), ['package', 'start']);
console.log('Dev portal starting: open http://localhost:3000 once the frontend says "compiled".');
