import {
  disclosedEnvironment, environmentSize, isDisclosedVariable, planEnablement, planRollback, checkpointFor, applyUpdate,
  redactConfig, summarizePlan, toPlanView,
} from '../../src/common';
import { lambda, request } from './fixtures';

describe('disclosure', () => {
  it.each(['DD_SITE', 'DD_ENV', 'DD_SERVICE', 'DD_VERSION', 'DD_LAMBDA_HANDLER', 'DD_TRACE_ENABLED', 'DD_MERGE_XRAY_TRACES', 'DD_MERGE_DATADOG_XRAY_TRACES', 'DD_SERVERLESS_LOGS_ENABLED', 'DD_CAPTURE_LAMBDA_PAYLOAD', 'DD_API_KEY_SECRET_ARN', 'AWS_LAMBDA_EXEC_WRAPPER'])(
    'discloses %s',
    key => expect(isDisclosedVariable(key)).toBe(true),
  );

  it.each(['DD_API_KEY', 'DD_KMS_API_KEY', 'DATABASE_PASSWORD', 'dd_site'])('never discloses %s', key => {
    expect(isDisclosedVariable(key)).toBe(false);
  });

  it('keeps only disclosed variables with their values', () => {
    expect(disclosedEnvironment({ DD_SITE: 'datadoghq.eu', DD_API_KEY: 'k', TOKEN: 't' })).toEqual({ DD_SITE: 'datadoghq.eu' });
    expect(disclosedEnvironment(undefined)).toEqual({});
  });

  it('masks undisclosed values but keeps names and the encoded size', () => {
    const variables = { DD_SITE: 'datadoghq.eu', TOKEN: 'canary-é"', DD_API_KEY: 'canary-key' };
    const redacted = redactConfig(lambda({ Environment: { Variables: variables } }));
    const masked = redacted.Environment!.Variables!;
    expect(Object.keys(masked)).toEqual(Object.keys(variables));
    expect(masked.DD_SITE).toBe('datadoghq.eu');
    expect(JSON.stringify(masked)).not.toContain('canary');
    expect(environmentSize(masked)).toBe(environmentSize(variables));
  });

  it('shows a plan with values only where disclosed', () => {
    const config = lambda({ Environment: { Variables: { DD_API_KEY: 'canary-key' } } });
    const view = toPlanView(planEnablement(config, request()));
    expect(JSON.stringify(view)).not.toContain('canary');
    expect(view.changes).toContainEqual({ kind: 'env-set', key: 'DD_SITE', existed: false, before: null, after: 'datadoghq.eu' });
    expect(view).not.toHaveProperty('after');
  });

  it('hides the prior value of a restored secret in a rollback view', () => {
    const original = lambda();
    const plan = planEnablement(original, request('dd-trace', { apiKeySecretArn: undefined, kmsApiKey: 'canary-kms' }));
    const rollback = planRollback(applyUpdate(original, plan.after), checkpointFor(original, plan, 'now'));
    const view = toPlanView(rollback);
    expect(view.changes).toContainEqual({ kind: 'env-unset', key: 'DD_KMS_API_KEY', before: null });
    expect(JSON.stringify(view)).not.toContain('canary');
  });
});

describe('summarizePlan', () => {
  it('says what an enable does in one line', () => {
    expect(summarizePlan(planEnablement(lambda(), request()))).toBe('adds 2 layers, sets 6 variables, redirects the handler');
  });

  it('says what a rollback does', () => {
    const original = lambda();
    const plan = planEnablement(original, request('dd-trace-xray'));
    const rollback = planRollback(applyUpdate(original, plan.after), checkpointFor(original, plan, 'now'));
    expect(summarizePlan(rollback)).toBe('removes 2 layers, removes 7 variables, restores the handler, turns X-Ray active tracing off');
  });

  it('says when there is nothing to do', () => {
    const config = applyUpdate(lambda(), planEnablement(lambda(), request()).after);
    expect(summarizePlan(planEnablement(config, request()))).toBe('no changes');
  });
});
