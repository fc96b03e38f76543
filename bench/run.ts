// `npm run bench`: every benchmark, one after another, each suite in a process of its own; then one
// table of measurements against their targets. Exit code 1 when a target is missed by more than 2×
// or a benchmark could not run — after everything has been printed.
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAILURE_FACTOR, table, verdictOf, type Measurement } from './lib/report';
import { runSuite, type Problem } from './lib/suite';

const SUITES: Array<{ file: string; args?: string[] }> = [
  { file: 'suites/inventory.ts', args: ['sqlite'] },
  { file: 'suites/inventory.ts', args: ['postgres'] },
  { file: 'suites/bulkEnable.ts' },
  { file: 'suites/portal.ts' },
  { file: 'suites/browser.ts' },
  { file: 'suites/fleet.ts' },
  { file: 'suites/traceEvidence.ts' },
];

const GB = 1024 ** 3;

function machine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / GB).toFixed(0)} GB (${(freemem() / GB).toFixed(1)} GB free), Node ${process.version}, load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min)`;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`serverless-tracing benchmarks on ${machine()}`);
  console.log('A load average above the core count means other work shares the machine: timings are then pessimistic.');
  const measurements: Measurement[] = [];
  const problems: Problem[] = [];
  for (const { file, args } of SUITES) {
    const result = await runSuite(join(__dirname, file), args);
    measurements.push(...result.measurements);
    problems.push(...result.problems);
  }

  console.log(`\n══ Results (${((performance.now() - started) / 1000).toFixed(0)} s; ${machine()}) ══\n`);
  console.log(table(measurements));
  for (const problem of problems) console.log(`\n${problem.kind === 'failed' ? 'FAILED' : 'skipped'}: ${problem.benchmark}: ${problem.message}`);

  const missed = measurements.filter(m => verdictOf(m) === 'MISSED >2x');
  const failed = problems.filter(p => p.kind === 'failed');
  const over = measurements.filter(m => verdictOf(m) === 'over target');
  console.log(
    `\n${measurements.length} measurements: ${missed.length} missed by more than ${FAILURE_FACTOR}×, ${over.length} over target within ${FAILURE_FACTOR}×; ${failed.length} benchmark(s) could not run.`,
  );
  if (missed.length > 0 || failed.length > 0) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
