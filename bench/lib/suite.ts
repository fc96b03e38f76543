// Each suite runs in a process of its own, so one benchmark's heap, connection pools and timers
// never weigh on the next one's measurements. The suite prints as it goes and sends its results to
// the runner (bench/run.ts) over IPC.
import { fork } from 'node:child_process';
import { describe, type Measurement } from './report';

export interface Problem {
  benchmark: string;
  kind: 'failed' | 'skipped';
  message: string;
}

type SuiteMessage = { type: 'measurement'; measurement: Measurement } | { type: 'problem'; problem: Problem };

export interface Recorder {
  record(measurements: Measurement[]): void;
  /** The benchmark could not produce a measurement: the run fails. */
  fail(benchmark: string, error: unknown): void;
  /** The benchmark does not apply here (e.g. no PostgreSQL): reported, not a failure. */
  skip(benchmark: string, reason: string): void;
}

/** Inside a suite's process: runs `body`, then exits (open handles must not keep it alive). */
export function suite(body: (recorder: Recorder) => Promise<void>): void {
  const send = (message: SuiteMessage) => (process.send ? process.send(message) : undefined);
  const recorder: Recorder = {
    record(measurements) {
      for (const measurement of measurements) {
        console.log(`  ${describe(measurement)}`);
        send({ type: 'measurement', measurement });
      }
    },
    fail(benchmark, error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`  ${benchmark} FAILED: ${message}`);
      send({ type: 'problem', problem: { benchmark, kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
    },
    skip(benchmark, reason) {
      console.log(`  ${benchmark} skipped: ${reason}`);
      send({ type: 'problem', problem: { benchmark, kind: 'skipped', message: reason } });
    },
  };
  body(recorder)
    .catch(error => recorder.fail('suite', error))
    // Let the last IPC messages flush before leaving.
    .finally(() => setTimeout(() => process.exit(0), 50));
}

/** In the runner: forks a suite's entry file and collects what it reports. */
export function runSuite(file: string, args: string[] = []): Promise<{ measurements: Measurement[]; problems: Problem[] }> {
  const measurements: Measurement[] = [];
  const problems: Problem[] = [];
  // execArgv is inherited, so the suite runs under the same TypeScript loader (tsx) as the runner.
  const child = fork(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (message: SuiteMessage) => {
    if (message.type === 'measurement') measurements.push(message.measurement);
    else problems.push(message.problem);
  });
  return new Promise(resolve => {
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        problems.push({ benchmark: file, kind: 'failed', message: `the suite's process exited with ${signal ?? `code ${code}`}` });
      }
      resolve({ measurements, problems });
    });
  });
}
