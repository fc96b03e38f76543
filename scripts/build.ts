// Builds the one package for its two Backstage roles (DESIGN.md "Packaging"):
//   dist/esm   — every entry as ES modules for the app's bundler (frontend, alpha, common)
//   dist/cjs   — backend and common as CommonJS, so a CommonJS Backstage backend on Node 20 can
//                `backend.add(import('<pkg>/backend'))`
//   dist/types — declarations for all entries
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit', cwd: root });
}
// The package itself has no "type"; say explicitly what each output folder holds.
mkdirSync(join(root, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(root, 'dist', 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
console.log('built dist/esm, dist/cjs and dist/types');
