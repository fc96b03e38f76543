// One function as the inventory keeps it, built from a configuration as AWS returned it. Pure: the
// scanner uses it for every function, the enablement runner after each fresh read.
import type { FunctionSummary } from '../../common/api';
import { parseFunctionArn } from '../../common/arn';
import { architectureOf, detectTracing } from '../../common/detect';
import { redactConfig } from '../../common/disclosure';
import { detectIac } from '../../common/iac';
import type { DatadogSettings, FunctionConfig, Invoker } from '../../common/model';
import { planEnablement } from '../../common/plan';
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
  invokers: Invoker[],
  owner: string | null,
  settings: RecordSettings,
  scannedAt: string,
): InventoryRecord {
  const location = config.FunctionArn ? parseFunctionArn(config.FunctionArn) : undefined;
  if (!location) {
    throw new Error(`AWS returned a function without a valid FunctionArn (${config.FunctionArn ?? 'none'}, name ${config.FunctionName ?? 'unknown'}).`);
  }
  const { datadog, hybridEstate } = settings;
  const state = detectTracing(config, { layerVersions: datadog.layerVersions, layerAccount: datadog.layerAccount });
  const iac = detectIac(config.Tags);
  const recommendation = recommend(config, { invokedBy: invokers, hybridEstate, iac, datadog }, state);
  // Planned from the full configuration (before redaction), so size limits are checked exactly.
  const blockers =
    recommendation.applicability === 'one-click'
      ? planEnablement(config, { solution: recommendation.solution, datadog }).blockers
      : [];
  const summary: FunctionSummary = {
    arn: config.FunctionArn!,
    name: config.FunctionName ?? location.functionName,
    accountId: location.accountId,
    region: location.region,
    runtime: config.Runtime ?? null,
    runtimeFamily: runtimeFamily(config.Runtime),
    architecture: architectureOf(config),
    packageType: config.PackageType === 'Image' ? 'Image' : 'Zip',
    status: state.status,
    findings: state.findings,
    solution: recommendation.solution,
    applicability: recommendation.applicability,
    owner,
    iac: iac ?? null,
    lastModified: config.LastModified ?? null,
    // The store derives this from checkpoints when it reads.
    canRollback: false,
    blockers,
  };
  return { summary, config: redactConfig(config), state, recommendation, invokers: [...invokers], scannedAt };
}
