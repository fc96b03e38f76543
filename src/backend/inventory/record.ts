// One function as the inventory keeps it, built from a configuration as AWS returned it. Pure: the
// scanner uses it for every function, the enablement runner after each fresh read.
import type { FunctionSummary } from '../../common/api';
import { parseFunctionArn } from '../../common/arn';
import { architectureOf, detectTracing } from '../../common/detect';
import { redactConfig } from '../../common/disclosure';
import { driftOf, type Drift } from '../../common/drift';
import { detectIac } from '../../common/iac';
import { tagExclusion } from '../../common/exclusions';
import type { Checkpoint, DatadogSettings, Finding, FunctionConfig, Invoker, InvokerContext, InvokerGap } from '../../common/model';
import { recommend } from '../../common/recommend';
import { runtimeFamily } from '../../common/runtimes';
import type { InventoryRecord } from '../store/types';

export interface RecordSettings {
  /** What enablement would write: layer versions, mirror account, API key source, site. */
  datadog: DatadogSettings;
  /** The organisation runs dd-trace on hosts and X-Ray on Lambda: traces must be merged. */
  hybridEstate?: boolean;
}

/**
 * Detects the tracing state, recommends a solution and summarises the function for the table.
 * The stored configuration has environment values redacted (only disclosed ones remain).
 */
export function toInventoryRecord(
  config: FunctionConfig,
  context: InvokerContext | Invoker[],
  owner: string | null,
  settings: RecordSettings,
  scannedAt: string,
  /** What no longer carries what the plugin applied (drift.ts), computed from the unredacted configuration. */
  drift?: Drift,
): InventoryRecord {
  // A bare list of invokers is a complete context: every source was read.
  const { invokedBy: invokers, missing } = Array.isArray(context) ? { invokedBy: context, missing: [] } : context;
  const location = config.FunctionArn ? parseFunctionArn(config.FunctionArn) : undefined;
  if (!location) {
    throw new Error(`AWS returned a function without a valid FunctionArn (${config.FunctionArn ?? 'none'}, name ${config.FunctionName ?? 'unknown'}).`);
  }
  const { datadog, hybridEstate } = settings;
  const state = detectTracing(config, { layerVersions: datadog.layerVersions, layerAccount: datadog.layerAccount });
  const iac = detectIac(config.Tags);
  // Planned from the full configuration (or the redacted one, whose masks keep every size), so the
  // 4 KB limit is checked exactly and 'one-click' is said only where the plan applies.
  // Runtime deprecation stages are judged on the day the function was read.
  const recommendation = recommend(config, { invokedBy: invokers, missing, hybridEstate, iac, datadog, today: scannedAt, applied: drift?.solution }, state);
  const detected = missing.length > 0 ? [...state.findings, incompleteContextFinding(missing, recommendation.undecided !== undefined)] : state.findings;
  const findings = drift ? [...drift.findings, ...detected] : detected;
  const summary: FunctionSummary = {
    arn: config.FunctionArn!,
    name: config.FunctionName ?? location.functionName,
    accountId: location.accountId,
    region: location.region,
    runtime: config.Runtime ?? null,
    runtimeFamily: runtimeFamily(config.Runtime),
    architecture: architectureOf(config),
    packageType: config.PackageType === 'Image' ? 'Image' : 'Zip',
    status: drift ? 'drifted' : state.status,
    findings,
    solution: recommendation.solution,
    applicability: recommendation.applicability,
    owner,
    iac: iac ?? null,
    lastModified: config.LastModified ?? null,
    // The store derives this from checkpoints when it reads.
    canRollback: false,
    blockers: recommendation.blockers ?? [],
    invokerGaps: missing.map(gap => ({ ...gap })),
    drift: drift?.findings.map(f => ({ ...f })) ?? [],
    exclusion: tagExclusion(config.Tags),
    // The store joins what the tracing backends said as it reads.
    traceEvidence: null,
  };
  return { summary, config: redactConfig(config), state, recommendation, invokers: [...invokers], scannedAt };
}

function incompleteContextFinding(missing: InvokerGap[], decisive: boolean): Finding {
  const sources = missing.map(gap => gap.source).join(', ');
  return {
    code: 'invoker-context-incomplete',
    severity: decisive ? 'warning' : 'info',
    message: decisive
      ? `Who invokes this function is not fully known (${sources} not read yet), and it could change the recommended solution: enabling waits until it is known.`
      : `Who invokes this function is not fully known yet (${sources} not read); it does not change the recommendation for this runtime.`,
  };
}

/** A function's drift from what the plugin applied (its open, landed checkpoints), read on the unredacted configuration. */
export function driftFrom(config: FunctionConfig, applied: Checkpoint[]): Drift | undefined {
  return driftOf(config, applied, detectIac(config.Tags));
}

/**
 * The drift a stored record was built with: a rebuild from the stored (redacted) configuration keeps
 * it, since masked variable values cannot be compared again.
 */
export function keptDrift(record: InventoryRecord): Drift | undefined {
  return record.summary.drift.length > 0 ? { solution: record.recommendation.solution, findings: record.summary.drift } : undefined;
}
