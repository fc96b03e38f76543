// A function whose environment AWS could not decrypt for us must never be treated as having none.
import {
  applyUpdate, checkpointFor, detectTracing, planEnablement, planRollback, type FunctionConfig,
} from '../../src/common';
import { ACCOUNT, lambda, layer, layers, request, tracedPython } from './fixtures';

const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const decryptError = { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables.' } };

/** As ListFunctions reports a function whose customer-managed key the backend's role may not use. */
const unreadable = (overrides: Partial<FunctionConfig> = {}) => lambda({ KMSKeyArn: KEY_ARN, Environment: decryptError, ...overrides });

describe('planEnablement on an unreadable environment', () => {
  it('blocks with environment-unreadable when AWS reports a decryption error', () => {
    const codes = planEnablement(unreadable(), request()).blockers.map(b => b.code);
    expect(codes).toContain('environment-unreadable');
  });

  it('blocks with environment-unreadable when the environment has no variables and a customer key is set', () => {
    const codes = planEnablement(lambda({ KMSKeyArn: KEY_ARN, Environment: {} }), request()).blockers.map(b => b.code);
    expect(codes).toContain('environment-unreadable');
  });

  it('blocks for X-Ray too, because the update would still replace the variables', () => {
    const codes = planEnablement(unreadable(), request('xray')).blockers.map(b => b.code);
    expect(codes).toContain('environment-unreadable');
  });

  it('tells the operator to grant kms:Decrypt or enable by hand', () => {
    const blocker = planEnablement(unreadable(), request()).blockers.find(b => b.code === 'environment-unreadable');
    expect(blocker?.message).toMatch(/kms:Decrypt/);
    expect(blocker?.message).toMatch(/by hand/);
  });

  it('does not block a readable environment encrypted with a customer key', () => {
    const config = lambda({ KMSKeyArn: KEY_ARN, Environment: { Variables: { TABLE: 'orders' } } });
    expect(planEnablement(config, request()).blockers.map(b => b.code)).not.toContain('environment-unreadable');
  });

  it('does not block a function without an environment at all', () => {
    const config = lambda({ Environment: undefined });
    expect(planEnablement(config, request()).blockers.map(b => b.code)).not.toContain('environment-unreadable');
  });
});

describe('planRollback on an unreadable environment', () => {
  it('blocks with environment-unreadable instead of blaming a change made since', () => {
    const config = lambda();
    const plan = planEnablement(config, request());
    const checkpoint = checkpointFor(config, plan, '2026-11-01T10:00:00.000Z');
    const enabled = applyUpdate(config, plan.after);
    const rollback = planRollback({ ...enabled, KMSKeyArn: KEY_ARN, Environment: decryptError }, checkpoint);
    expect(rollback.blockers.map(b => b.code)).toEqual(['environment-unreadable']);
  });
});

describe('detectTracing on an unreadable environment', () => {
  it("reports the status unknown rather than claiming the API key is missing", () => {
    const { Layers, Handler } = tracedPython();
    const state = detectTracing(unreadable({ Layers, Handler }));
    expect(state.status).toBe('unknown');
    expect(state.findings.map(f => f.code)).toEqual(['environment-unreadable']);
  });

  it('reports unknown rather than untraced for a function without layers', () => {
    expect(detectTracing(unreadable()).status).toBe('unknown');
  });

  it('still names the Datadog layers it can see', () => {
    const state = detectTracing(unreadable({ Layers: layers(layer('Datadog-Extension', 100)) }));
    expect(state.datadog?.extension?.version).toBe(100);
  });
});
