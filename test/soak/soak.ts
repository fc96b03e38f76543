// `npm run test:soak`: the fault soak test. A real backend process (test/soak/backend.ts) on a SQLite
// file, talking to the Lambda sandbox through a proxy that injects 500s, 429s, hangs and answers
// dropped after the update was applied, while someone else keeps editing the same functions. Each run
// enables tracing on a few functions, SIGKILLs the backend at a random point and starts it again, and
// the user rolls part of them back (a newer decision than the enable). Then every function is checked
// against what the user asked and what others changed. Prints the counts; exits 1 when a count that
// must be zero is not.
//   SOAK_RUNS=20  SOAK_SEED=<number>  SOAK_FUNCTIONS_PER_RUN=6
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { updateFunctionConfiguration } from '../../dev/sandbox/update';
import { createRandom, type Random } from '../../dev/sandbox/prng';
import type { Job, JobItem } from '../../src/common/api';
import { planEnablement } from '../../src/common/plan';
import { applyUpdate, currentUpdate } from '../../src/common/update';
import { DEFAULT_LAYER_VERSIONS } from '../../src/common/layers';
import type { DatadogSettings, FunctionConfig, FunctionUpdate } from '../../src/common/model';
import { BackendProcess, bundleBackend, delay } from './backendProcess';
import { startFaultProxy, type FaultProxy } from './faultProxy';

const RUNS = wholeNumber('SOAK_RUNS', 20);
const PER_RUN = wholeNumber('SOAK_FUNCTIONS_PER_RUN', 8);
const SEED = wholeNumber('SOAK_SEED', Date.now() % 1_000_000_007);
const JOB_TIMEOUT_MS = 150_000;
const FAULTS = { serverError: 0.06, throttle: 0.06, hang: 0.03, dropAnswer: 0.25 };
const DATADOG: DatadogSettings = {
  site: 'datadoghq.com',
  apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:datadog-api-key-AbCdEf',
  layerVersions: DEFAULT_LAYER_VERSIONS,
};

interface Counts {
  runs: number;
  functionsProcessed: number;
  faultsInjected: number;
  crashes: number;
  outOfBandEdits: number;
  lostUserChanges: number;
  updatesAppliedTwice: number;
  itemsAppliedAfterSuperseded: number;
  falseRollbackRefusals: number;
  functionsInNeitherState: number;
  succeededButNotInPlace: number;
  jobsStuck: number;
}

const MUST_BE_ZERO: Array<keyof Counts> = [
  'lostUserChanges',
  'updatesAppliedTwice',
  'itemsAppliedAfterSuperseded',
  'falseRollbackRefusals',
  'functionsInNeitherState',
  'succeededButNotInPlace',
  'jobsStuck',
];

async function main(): Promise<void> {
  const started = Date.now();
  const random = createRandom(SEED);
  console.log(`Fault soak: ${RUNS} runs of ${PER_RUN} functions, seed ${SEED} (SOAK_SEED=${SEED} repeats it).`);
  const directory = mkdtempSync(join(tmpdir(), 'serverless-tracing-soak-'));
  const sandbox = await startSandbox({ port: 0, updateDelayMs: 100, seed: { functionCount: 3_000 } });
  const proxy = await startFaultProxy(sandbox, { serverError: 0, throttle: 0, hang: 0, dropAnswer: 0 }, () => random.next());
  const port = await freePort();
  const backend = new BackendProcess(bundleBackend(), backendConfig(sandbox, proxy, port, directory), port, directory);
  const counts: Counts = {
    runs: 0, functionsProcessed: 0, faultsInjected: 0, crashes: 0, outOfBandEdits: 0, lostUserChanges: 0, updatesAppliedTwice: 0,
    itemsAppliedAfterSuperseded: 0, falseRollbackRefusals: 0, functionsInNeitherState: 0, succeededButNotInPlace: 0, jobsStuck: 0,
  };
  let failure: unknown;
  try {
    await backend.start();
    await scan(backend);
    const pool = candidates(sandbox, random);
    proxy.setRates(FAULTS);
    for (let run = 1; run <= RUNS; run++) {
      const arns = pool.splice(0, PER_RUN);
      if (arns.length < PER_RUN) throw new Error(`The sandbox has too few plain untraced functions for ${RUNS} runs; lower SOAK_RUNS.`);
      await soakRun({ run, arns, sandbox, proxy, backend, random, counts });
    }
  } catch (error) {
    failure = error;
  } finally {
    await backend.stop();
    await proxy.close();
    await sandbox.close();
  }
  counts.faultsInjected = Object.values(proxy.faults).reduce((sum, n) => sum + n, 0);
  counts.updatesAppliedTwice = proxy.appliedTwice.length;
  counts.itemsAppliedAfterSuperseded += proxy.appliedAfterSuperseded.length;
  report(counts, proxy, Date.now() - started);
  if (failure) {
    console.error(`\nThe soak could not complete: ${(failure as Error).stack ?? String(failure)}\nBackend logs: ${directory}`);
    process.exitCode = 1;
    return;
  }
  const broken = MUST_BE_ZERO.filter(key => counts[key] !== 0);
  if (broken.length > 0) {
    console.error(`\nFAILED: ${broken.join(', ')} must be 0. Backend logs and database: ${directory} (SOAK_SEED=${SEED})`);
    process.exitCode = 1;
  } else {
    rmSync(directory, { recursive: true, force: true });
    console.log('\nPASSED: every must-be-zero count is 0.');
  }
}

interface RunContext {
  run: number;
  arns: string[];
  sandbox: Sandbox;
  proxy: FaultProxy;
  backend: BackendProcess;
  random: Random;
  counts: Counts;
}

async function soakRun(ctx: RunContext): Promise<void> {
  const { arns, sandbox, proxy, backend, random, counts } = ctx;
  const originals = new Map(arns.map(arn => [arn, structuredClone(sandbox.state.getFunctionByArn(arn)!.config)]));
  const editor = startEditor(sandbox, arns, random, counts);

  const enable = await backend.api<Job>('POST', '/jobs', { action: 'enable', functionArns: arns, solution: 'dd-trace' });
  if (enable.status !== 202) throw new Error(`POST /jobs (enable) answered ${enable.status}: ${JSON.stringify(enable.body)}`);
  // The user's newer decision for part of them: roll back, while the enable may still be under way.
  const rolledBack = arns.filter(() => random.chance(0.5));
  if (rolledBack.length === 0) rolledBack.push(arns[0]);
  await delay(random.int(0, 400));
  let rollback = await backend.api<Job>('POST', '/jobs', { action: 'rollback', functionArns: rolledBack });
  // A single function is checked at once: before the enable has changed it, there is nothing to roll back
  // (409), and the user asks again, for it and one more.
  if (rollback.status === 409 && rolledBack.length === 1) {
    rolledBack.push(arns.find(arn => arn !== rolledBack[0])!);
    rollback = await backend.api<Job>('POST', '/jobs', { action: 'rollback', functionArns: rolledBack });
  }
  if (rollback.status !== 202) throw new Error(`POST /jobs (rollback) answered ${rollback.status}: ${JSON.stringify(rollback.body)}`);
  for (const arn of rolledBack) proxy.supersede(arn);
  // The backend dies somewhere in the middle of both jobs, and now and then again right after its restart.
  await crash(backend, counts, random.int(0, 1_500));
  if (random.chance(0.2)) await crash(backend, counts, random.int(0, 1_000));

  const [enabled, restored] = await Promise.all([
    finished(backend, enable.body.id, counts),
    finished(backend, rollback.body.id, counts, item => proxy.seal(item.functionArn)),
  ]);
  editor.stop();
  // Every decision of this run is made: nothing may update these functions any more.
  for (const arn of arns) proxy.seal(arn);
  if (!enabled || !restored) return;

  for (const arn of arns) {
    const enableItem = enabled.items.find(item => item.functionArn === arn)!;
    const rollbackItem = restored.items.find(item => item.functionArn === arn);
    judge({ arn, original: originals.get(arn)!, now: sandbox.state.getFunctionByArn(arn)!.config, enableItem, rollbackItem, edits: editor.edits.get(arn) ?? {}, counts });
  }
  counts.runs++;
  counts.functionsProcessed += arns.length;
  const line = `run ${String(ctx.run).padStart(2)}: ${arns.length} functions, ${rolledBack.length} rolled back`;
  console.log(`${line}; enable ${summary(enabled)}; rollback ${summary(restored)}`);
}

/** Compares the function with the state its last decision asks for, and counts what went wrong. */
function judge(input: {
  arn: string;
  original: FunctionConfig;
  now: FunctionConfig;
  enableItem: JobItem;
  rollbackItem: JobItem | undefined;
  edits: Record<string, string>;
  counts: Counts;
}): void {
  const { arn, original, now, enableItem, rollbackItem, edits, counts } = input;
  const variables = now.Environment?.Variables ?? {};
  for (const [key, value] of Object.entries(edits)) if (variables[key] !== value) counts.lostUserChanges++;
  const state = withoutEdits(currentUpdate(now), edits);
  const originalState = currentUpdate(original);
  const plannedState = currentUpdate(applyUpdate(original, planEnablement(original, { solution: 'dd-trace', datadog: DATADOG }).after));
  const isOriginal = same(state, originalState);
  const isPlanned = same(state, plannedState);
  if (!isOriginal && !isPlanned) {
    counts.functionsInNeitherState++;
    console.log(`  ${arn}: neither original nor planned`);
    return;
  }
  if (rollbackItem) {
    if (/Rollback refused/.test(rollbackItem.message ?? '')) {
      counts.falseRollbackRefusals++;
      console.log(`  ${arn}: false refusal: ${rollbackItem.message}`);
    }
    // The rollback is the latest decision: once it succeeded, or found nothing to undo, the older
    // enable must not have landed after it.
    const nothingToUndo = /nothing to roll back/.test(rollbackItem.message ?? '');
    if ((rollbackItem.state === 'succeeded' || nothingToUndo) && !isOriginal) {
      counts.itemsAppliedAfterSuperseded++;
      console.log(`  ${arn}: enabled again after its rollback succeeded`);
    }
    return;
  }
  if (enableItem.state === 'succeeded' && !isPlanned) {
    counts.succeededButNotInPlace++;
    console.log(`  ${arn}: enable reported succeeded, but the function is as before`);
  }
}

async function crash(backend: BackendProcess, counts: Counts, afterMs: number): Promise<void> {
  await delay(afterMs);
  await backend.kill();
  counts.crashes++;
  await backend.start();
}

/** Someone else deploying: a new variable on one of the functions now and then, never one of ours. */
function startEditor(sandbox: Sandbox, arns: string[], random: Random, counts: Counts) {
  const edits = new Map<string, Record<string, string>>();
  let serial = 0;
  const timer = setInterval(() => {
    const arn = random.pick(arns);
    const fn = sandbox.state.getFunctionByArn(arn)!;
    const mine = edits.get(arn) ?? {};
    if (Object.keys(mine).length >= 2 || sandbox.state.lastUpdateStatus(fn) === 'InProgress') return;
    const key = `RACE_${++serial}`;
    try {
      updateFunctionConfiguration(sandbox.state, fn, { Environment: { Variables: { ...(fn.config.Environment?.Variables ?? {}), [key]: `v${serial}` } } });
    } catch {
      return;
    }
    edits.set(arn, { ...mine, [key]: `v${serial}` });
    counts.outOfBandEdits++;
  }, 250);
  return { edits, stop: () => clearInterval(timer) };
}

async function finished(backend: BackendProcess, jobId: string, counts: Counts, onItemDone?: (item: JobItem) => void): Promise<Job | undefined> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  const seen = new Set<string>();
  for (;;) {
    const { body: job } = await backend.api<Job>('GET', `/jobs/${jobId}`);
    for (const item of job.items) {
      if ((item.state === 'succeeded' || item.state === 'failed') && !seen.has(item.functionArn)) {
        seen.add(item.functionArn);
        onItemDone?.(item);
      }
    }
    if (job.state !== 'pending' && job.state !== 'running') return job;
    if (Date.now() > deadline) {
      counts.jobsStuck++;
      console.log(`  job ${jobId} did not finish within ${JOB_TIMEOUT_MS / 1000} s: ${summary(job)}`);
      return undefined;
    }
    await delay(100);
  }
}

async function scan(backend: BackendProcess): Promise<void> {
  const { body: started } = await backend.api<{ id: string }>('POST', '/scans');
  for (;;) {
    const { body } = await backend.api<{ id: string; state: string } | null>('GET', '/scans/latest');
    if (body && body.id === started.id && body.state !== 'running') {
      if (body.state !== 'succeeded') throw new Error(`The initial scan ended ${body.state}.`);
      return;
    }
    await delay(200);
  }
}

/** Plain untraced functions of supported runtimes: room for Datadog's layers and variables, nothing in the way. */
function candidates(sandbox: Sandbox, random: Random): string[] {
  const arns = sandbox.state
    .allFunctions()
    .filter(fn => fn.scenario === 'untraced' && /^(python3\.1[0-4]|nodejs2[24]\.x|java(11|17|21|25)|dotnet(8|10))$/.test(fn.config.Runtime ?? ''))
    .filter(fn => (fn.config.Layers?.length ?? 0) <= 2 && JSON.stringify(fn.config.Environment ?? {}).length < 1_500)
    .map(fn => fn.config.FunctionArn!);
  for (let i = arns.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [arns[i], arns[j]] = [arns[j], arns[i]];
  }
  return arns;
}

function backendConfig(sandbox: Sandbox, proxy: FaultProxy, port: number, directory: string): object {
  return {
    backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { host: '127.0.0.1', port }, database: { client: 'better-sqlite3', connection: { directory } } },
    aws: { accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey })) },
    serverlessTracing: {
      endpoint: proxy.url,
      accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, regions: a.regions })),
      schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { hours: 24 } },
      datadog: { site: DATADOG.site, apiKeySecretArn: DATADOG.apiKeySecretArn },
      requestTimeoutMs: 1_000,
      retry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200 },
      jobs: { concurrency: 4, pollIntervalMs: 50, itemTimeoutMs: 60_000, heartbeatIntervalMs: 250, staleAfterMs: 1_500 },
    },
  };
}

function withoutEdits(update: FunctionUpdate, edits: Record<string, string>): FunctionUpdate {
  const variables = { ...update.Environment.Variables };
  for (const key of Object.keys(edits)) delete variables[key];
  return { ...update, Environment: { Variables: variables } };
}

function same(a: FunctionUpdate, b: FunctionUpdate): boolean {
  const sortedEnv = (u: FunctionUpdate) => Object.entries(u.Environment.Variables).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return (
    a.Handler === b.Handler &&
    JSON.stringify(a.Layers) === JSON.stringify(b.Layers) &&
    JSON.stringify(sortedEnv(a)) === JSON.stringify(sortedEnv(b)) &&
    a.TracingConfig.Mode === b.TracingConfig.Mode
  );
}

function summary(job: Job): string {
  const superseded = job.items.filter(item => item.message?.startsWith('Not applied')).length;
  return `${job.counts.succeeded} ok, ${job.counts.failed} failed${superseded ? ` (${superseded} superseded)` : ''}`;
}

function report(counts: Counts, proxy: FaultProxy, ms: number): void {
  const { faults } = proxy;
  console.log(`\n══ Fault soak results (${Math.round(ms / 1000)} s) ══`);
  console.log(`runs completed                     ${counts.runs}`);
  console.log(`functions processed                ${counts.functionsProcessed}`);
  console.log(`faults injected                    ${counts.faultsInjected} (500: ${faults.serverError}, 429: ${faults.throttle}, hang: ${faults.hang}, answer dropped after update: ${faults.dropAnswer})`);
  console.log(`crashes (SIGKILL + restart)        ${counts.crashes}`);
  console.log(`out-of-band edits                  ${counts.outOfBandEdits}`);
  console.log(`lost user changes                  ${counts.lostUserChanges}`);
  console.log(`updates applied twice              ${counts.updatesAppliedTwice}`);
  console.log(`items applied after superseded     ${counts.itemsAppliedAfterSuperseded}`);
  console.log(`false rollback refusals            ${counts.falseRollbackRefusals}`);
  console.log(`functions in neither state         ${counts.functionsInNeitherState}`);
  console.log(`succeeded but not in place         ${counts.succeededButNotInPlace}`);
  console.log(`jobs stuck                         ${counts.jobsStuck}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`${name}=${raw} is not a whole number.`);
    process.exit(2);
  }
  return Number(raw);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
