// Enable dd-trace on functions of several runtimes held by moto, then roll back, all through the
// plugin's HTTP API, and check what moto itself reports through the SDK: exactly what the project's
// planEnablement planned, then exactly what was there before.
//
// Only dd-trace is exercised: moto ignores TracingConfig (always PassThrough), so the X-Ray solutions
// would fail the plugin's post-update verification for a reason that is moto's, not ours.
import type { FunctionsPage, Job, PlanView } from '../../src/common/api';
import type { EnablementPlan, FunctionConfig } from '../../src/common/model';
import { planEnablement } from '../../src/common/plan';
import { fnPath, scanned } from '../backend/helpers/harness';
import { BASE, datadogSettingsOf, motoConfig, runJob, startBackend, type MotoBackend } from './backend';
import { buildEstate, FUNCTION_SPECS, functionEnvironment, readFunction, touched, type Estate, type FunctionSpec, type Touched } from './fixtures';
import { startMoto, type Moto } from './moto';

const DATADOG_EXEC_WRAPPER = '/opt/datadog_wrapper';

let moto: Moto;
let estate: Estate;
let backend: MotoBackend;
const config = () => motoConfig(moto);

beforeAll(async () => {
  moto = await startMoto();
  estate = await buildEstate(moto);
  backend = await startBackend(config());
});

afterAll(async () => {
  await backend?.stop();
  estate?.lambda.destroy();
  await moto?.stop();
});

describe('dd-trace enabled through the plugin, then rolled back', () => {
  const before = new Map<string, FunctionConfig>();
  const planned = new Map<string, EnablementPlan>();
  const previews = new Map<string, PlanView>();
  const afterPreview = new Map<string, Touched>();
  const afterEnable = new Map<string, Touched>();
  const afterRollback = new Map<string, Touched>();
  let enableJob: Job;
  let rollbackJob: Job;

  const arnOf = (spec: FunctionSpec) => estate.functions.get(spec.label)!;
  const readAll = async (into: Map<string, Touched>) => {
    for (const spec of FUNCTION_SPECS) into.set(spec.label, touched(await readFunction(estate.lambda, arnOf(spec))));
  };

  beforeAll(async () => {
    const scan = await scanned(backend.api);
    expect(scan.state).toBe('succeeded');
    const datadog = datadogSettingsOf(config());
    for (const spec of FUNCTION_SPECS) {
      const config = await readFunction(estate.lambda, arnOf(spec));
      before.set(spec.label, config);
      planned.set(spec.label, planEnablement(config, { solution: 'dd-trace', datadog }));
      const { body } = await backend.api.post(`${fnPath(arnOf(spec))}/plan`).send({ solution: 'dd-trace' }).expect(200);
      previews.set(spec.label, body);
    }
    await readAll(afterPreview);
    const arns = FUNCTION_SPECS.map(arnOf);
    enableJob = await runJob(backend.api, { action: 'enable', functionArns: arns, solution: 'dd-trace' });
    await readAll(afterEnable);
    rollbackJob = await runJob(backend.api, { action: 'rollback', functionArns: arns });
    await readAll(afterRollback);
  });

  it('lists every function moto holds, with its runtime, after a scan', async () => {
    const { body } = await backend.api.get(`${BASE}/functions`).query({ q: estate.runId, limit: 100 }).expect(200);
    const listed = (body as FunctionsPage).items.map(item => [item.arn, item.runtime]).sort();
    expect(listed).toEqual(FUNCTION_SPECS.map(spec => [arnOf(spec), spec.runtime]).sort());
  });

  it.each(FUNCTION_SPECS)('previews for $label exactly the changes planEnablement plans, without blockers', spec => {
    const plan = planned.get(spec.label)!;
    const preview = previews.get(spec.label)!;
    expect(plan.blockers).toEqual([]);
    expect(preview.blockers).toEqual([]);
    expect(preview.changes.map(change => [change.kind, 'arn' in change ? change.arn : 'key' in change ? change.key : change.after])).toEqual(
      plan.changes.map(change => [change.kind, 'arn' in change ? change.arn : 'key' in change ? change.key : change.after]),
    );
  });

  it.each(FUNCTION_SPECS)('changes nothing on $label when only previewing the plan', spec => {
    expect(afterPreview.get(spec.label)).toEqual(touched(before.get(spec.label)!));
  });

  it('completes the enable job with every function succeeded', () => {
    expect(enableJob.items.filter(item => item.state !== 'succeeded')).toEqual([]);
    expect(enableJob.state).toBe('succeeded');
  });

  it.each(FUNCTION_SPECS)('leaves $label with exactly the planned layers, environment and handler', spec => {
    const plan = planned.get(spec.label)!;
    expect(afterEnable.get(spec.label)).toEqual({
      Handler: plan.after.Handler ?? before.get(spec.label)!.Handler,
      Layers: plan.after.Layers,
      Variables: plan.after.Environment.Variables,
    });
  });

  it.each(FUNCTION_SPECS)("keeps the user layers of $label first, in their order, then Datadog's current layers", spec => {
    const userLayers = spec.userLayers.map(index => estate.userLayerArns[index]);
    const datadogLayers = spec.datadogLayers.map(name => estate.datadogLayerArns.get(name)!.at(-1)!);
    expect(afterEnable.get(spec.label)!.Layers).toEqual([...userLayers, ...datadogLayers]);
  });

  it.each(FUNCTION_SPECS)('keeps every user variable of $label, the secret included, and adds only the planned keys', spec => {
    const own = functionEnvironment(estate.canary, spec);
    const variables = afterEnable.get(spec.label)!.Variables;
    expect(variables).toMatchObject(own);
    const added = Object.keys(variables).filter(key => !(key in own)).sort();
    const plannedKeys = planned.get(spec.label)!.changes.flatMap(change => (change.kind === 'env-set' ? [change.key] : []));
    expect(added).toEqual([...plannedKeys].sort());
    expect(added.filter(key => !key.startsWith('DD_') && key !== 'AWS_LAMBDA_EXEC_WRAPPER')).toEqual([]);
    expect(variables.DD_API_KEY_SECRET_ARN).toBe(datadogSettingsOf(config()).apiKeySecretArn);
    expect(variables.DD_SITE).toBe('datadoghq.com');
  });

  it.each(FUNCTION_SPECS)('wires Datadog into $label the way its runtime needs', spec => {
    const { Handler, Variables } = afterEnable.get(spec.label)!;
    if (spec.wiring === 'exec-wrapper') {
      expect({ Handler, wrapper: Variables.AWS_LAMBDA_EXEC_WRAPPER }).toEqual({ Handler: spec.handler, wrapper: DATADOG_EXEC_WRAPPER });
    } else if (spec.wiring === 'none') {
      expect({ Handler, wrapper: Variables.AWS_LAMBDA_EXEC_WRAPPER, original: Variables.DD_LAMBDA_HANDLER }).toEqual({
        Handler: spec.handler,
        wrapper: undefined,
        original: undefined,
      });
    } else {
      expect({ Handler, original: Variables.DD_LAMBDA_HANDLER }).toEqual({ Handler: spec.wiring.redirectTo, original: spec.handler });
    }
  });

  it('completes the rollback job with every function succeeded', () => {
    expect(rollbackJob.items.filter(item => item.state !== 'succeeded')).toEqual([]);
    expect(rollbackJob.state).toBe('succeeded');
  });

  it.each(FUNCTION_SPECS)('restores layers, environment and handler of $label exactly as before enabling', spec => {
    expect(afterRollback.get(spec.label)).toEqual(touched(before.get(spec.label)!));
  });
});
