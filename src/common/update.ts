// A function's configuration in UpdateFunctionConfiguration's shape, and the changes between two.
import type { Change, FunctionConfig, FunctionUpdate, PlanNote } from './model';

/**
 * Whether AWS withheld the variables (a customer managed key the caller may not decrypt with).
 * Lambda replaces the whole map on update, so acting on the empty view would delete every variable.
 */
export function isEnvironmentUnreadable(config: FunctionConfig): boolean {
  const environment = config.Environment;
  if (!environment) return false;
  return Boolean(environment.Error) || (environment.Variables === undefined && Boolean(config.KMSKeyArn));
}

export function environmentUnreadableNote(config: FunctionConfig): PlanNote {
  const reason = config.Environment?.Error?.ErrorCode ? ` (AWS reported ${config.Environment.Error.ErrorCode})` : '';
  return {
    code: 'environment-unreadable',
    message: `The function's environment variables could not be read${reason}, typically because the backend's role lacks kms:Decrypt on the function's key${config.KMSKeyArn ? ` ${config.KMSKeyArn}` : ''}. Changing the configuration would drop all of the function's variables: grant the backend kms:Decrypt on that key, or enable tracing by hand.`,
  };
}

/** The current configuration as a full update: sending it back would change nothing. */
export function currentUpdate(config: FunctionConfig): FunctionUpdate {
  return {
    Handler: config.Handler,
    Layers: (config.Layers ?? []).map(layer => layer.Arn ?? '').filter(Boolean),
    Environment: { Variables: { ...(config.Environment?.Variables ?? {}) } },
    TracingConfig: { Mode: config.TracingConfig?.Mode === 'Active' ? 'Active' : 'PassThrough' },
  };
}

export function cloneUpdate(update: FunctionUpdate): FunctionUpdate {
  return {
    Handler: update.Handler,
    Layers: [...update.Layers],
    Environment: { Variables: { ...update.Environment.Variables } },
    TracingConfig: { Mode: update.TracingConfig.Mode },
  };
}

/** Every difference, in a stable order: layers, variables, handler, tracing mode. */
export function diffUpdates(before: FunctionUpdate, after: FunctionUpdate): Change[] {
  const changes: Change[] = [];
  for (const arn of before.Layers) if (!after.Layers.includes(arn)) changes.push({ kind: 'layer-removed', arn });
  for (const arn of after.Layers) if (!before.Layers.includes(arn)) changes.push({ kind: 'layer-added', arn });
  const was = before.Environment.Variables;
  const now = after.Environment.Variables;
  for (const [key, value] of Object.entries(now)) {
    if (was[key] !== value) changes.push({ kind: 'env-set', key, before: was[key] ?? null, after: value });
  }
  for (const [key, value] of Object.entries(was)) {
    if (!(key in now)) changes.push({ kind: 'env-unset', key, before: value });
  }
  if (after.Handler !== undefined && before.Handler !== after.Handler) {
    changes.push({ kind: 'handler-changed', before: before.Handler ?? '', after: after.Handler });
  }
  if (before.TracingConfig.Mode !== after.TracingConfig.Mode) {
    changes.push({ kind: 'tracing-mode-changed', before: before.TracingConfig.Mode, after: after.TracingConfig.Mode });
  }
  return changes;
}

/** The configuration Lambda reports once `update` has landed (what the sandbox and tests simulate). */
export function applyUpdate(config: FunctionConfig, update: FunctionUpdate): FunctionConfig {
  return {
    ...config,
    Handler: update.Handler ?? config.Handler,
    Layers: update.Layers.map(Arn => ({ Arn })),
    Environment: { Variables: { ...update.Environment.Variables } },
    TracingConfig: { Mode: update.TracingConfig.Mode },
  };
}
