// What the page asks about functions: the inventory page (from the database) and one function's
// details and plan (from a fresh read, decided by the same decide() the job worker uses, so a decision
// is never made on a stale scan and the page never promises what a job would refuse).
import { DEFAULT_PAGE_SIZE } from '../store';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { parseFunctionArn } from '../../common/arn';
import { disclosedEnvironment, toPlanView } from '../../common/disclosure';
import { decide, type Decision, type DecisionRequest } from '../enablement/decide';
import { RolePreflight, decideWithRole, type RoleCheck } from '../enablement/rolePreflight';
import type {
  AuditEvent,
  CoverageSummary,
  Facets,
  FunctionDetails,
  FunctionsPage,
  FunctionsQuery,
  PlanView,
} from '../../common/api';
import type { DatadogSettings, FunctionConfig, Solution } from '../../common/model';
import { AwsCallError, type LambdaGateway } from '../aws/types';
import type { AuditFilter, InventoryQuery, InventoryRecord, Stores } from '../store/types';
import { isEmptySelector, type Ownership } from '../ownership';
import { freshContext, undecidedRefusal, type Records } from './records';
import { planEnablement } from '../../common/plan';

export type { Decision } from '../enablement/decide';

const HISTORY_LENGTH = 50;

export interface FunctionsService {
  list(query: FunctionsQuery): Promise<FunctionsPage>;
  details(functionArn: string): Promise<FunctionDetails>;
  /** Dry run: the plan for a solution (default: the recommended one); nothing is written. */
  plan(functionArn: string, solution?: Solution): Promise<PlanView>;
  /**
   * What a job would decide for this function right now (solution null = the recommended one), with
   * what the role pre-flight found; nothing is written.
   */
  decision(functionArn: string, request: DecisionRequest, ignoreUpdateInProgress?: boolean): Promise<Decision & { role?: RoleCheck }>;
  /** Coverage of the whole inventory, or of one catalog entity's functions. */
  summary(entityRef?: string): Promise<CoverageSummary>;
  auditTrail(query: AuditFilter): Promise<AuditEvent[]>;
  /** A fresh read of a function the plugin may manage; NotFoundError otherwise. */
  read(functionArn: string): Promise<{ config: FunctionConfig; known: InventoryRecord | undefined }>;
  /** The inventory restriction for a catalog entity's functions; undefined when it claims none. */
  entityScope(entityRef: string): Promise<Pick<InventoryQuery, 'arns' | 'namePatterns' | 'region'> | undefined>;
}

export function createFunctionsService(options: {
  gateway: LambdaGateway;
  stores: Stores;
  records: Records;
  ownership: Ownership;
  datadog: DatadogSettings;
  /** serverlessTracing.rolePreflight: whether plans simulate the function role (default true). */
  simulateRoles?: boolean;
}): FunctionsService {
  const { gateway, stores, records, ownership, datadog } = options;
  const roleSettings = { simulate: options.simulateRoles ?? true, datadog };

  const service: FunctionsService = {
    async list(query) {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const lastScan = await stores.scans.latest();
      let scoped: InventoryQuery = { ...query, offset, limit };
      if (query.entityRef) {
        const scope = await service.entityScope(query.entityRef);
        if (!scope) return { items: [], total: 0, offset, limit, facets: emptyFacets(), lastScan, datadogSite: datadog.site };
        scoped = { ...scoped, ...scope, region: query.region ?? scope.region };
      }
      const page = await stores.inventory.query(scoped);
      return { ...page, offset, limit, lastScan, datadogSite: datadog.site };
    },

    async details(functionArn) {
      const { config, known } = await service.read(functionArn);
      const record = await records.recordOf(config, known, await freshContext(gateway, functionArn).catch(error => Promise.reject(asHttpError(error, functionArn))));
      await records.save(record);
      const checkpoint = await stores.checkpoints.latest(functionArn);
      const variables = config.Environment?.Variables ?? {};
      const settledConfig = { ...config, LastUpdateStatus: undefined };
      const drifted = record.summary.status === 'drifted';
      // The preview carries the role pre-flight too: the drawer's enable dialog shows this plan.
      const preview = await decideWithRole({ action: 'enable', solution: record.recommendation.solution }, settledConfig, { datadog, checkpoint, drifted }, new RolePreflight(gateway, roleSettings, 'warn'));
      const rollback = decide({ action: 'rollback', solution: null }, settledConfig, { datadog, checkpoint });
      // A rollback already in place (its answer lost) leaves a checkpoint that has nothing left to undo.
      const canRollback = rollback.kind === 'apply' || (rollback.kind === 'refused' && rollback.refusal === 'rollback-refused');
      // Exclusions made on the page apply as the inventory reads the function.
      const stored = await stores.inventory.get(functionArn);
      return {
        ...record.summary,
        exclusion: stored?.summary.exclusion ?? record.summary.exclusion,
        traceEvidence: stored?.summary.traceEvidence ?? null,
        canRollback,
        handler: config.Handler ?? null,
        layers: (config.Layers ?? []).flatMap(layer => (layer.Arn ? [layer.Arn] : [])),
        tracingMode: config.TracingConfig?.Mode ?? 'PassThrough',
        memorySize: config.MemorySize ?? null,
        timeout: config.Timeout ?? null,
        environmentVariableNames: Object.keys(variables).sort(),
        disclosedEnvironment: disclosedEnvironment(variables),
        tags: config.Tags ?? {},
        recommendation: record.recommendation,
        plan: preview.plan ? toPlanView(preview.plan) : null,
        rollbackPlan: canRollback && rollback.plan ? toPlanView(rollback.plan) : null,
        history: await stores.audit.list({ functionArn, limit: HISTORY_LENGTH }),
      };
    },

    async plan(functionArn, solution) {
      // The plan is shown whatever AWS is busy with; the job decides again when it runs.
      const decision = await service.decision(functionArn, { action: 'enable', solution: solution ?? null }, true);
      return toPlanView(decision.plan!);
    },

    async decision(functionArn, request, ignoreUpdateInProgress = false) {
      const { config, known } = await service.read(functionArn);
      let solution: Solution | null = null;
      if (request.action === 'enable') {
        solution = request.solution;
        if (!solution) {
          // The recommended solution is decided from complete context only (the resource policy read now).
          const context = await freshContext(gateway, functionArn).catch(error => Promise.reject(asHttpError(error, functionArn)));
          const record = await records.recordOf(config, known, context);
          const refusal = undecidedRefusal(record);
          if (refusal) {
            const plan = planEnablement(config, { solution: record.recommendation.solution, datadog });
            return { kind: 'refused', refusal: 'blocked', message: `Cannot decide which tracing to enable yet. ${refusal}`, plan };
          }
          solution = record.recommendation.solution;
        }
      }
      const checkpoint = await stores.checkpoints.latest(functionArn);
      const lastClosed = !checkpoint && request.action === 'rollback' ? await stores.checkpoints.lastClosed(functionArn) : undefined;
      const fresh = ignoreUpdateInProgress ? { ...config, LastUpdateStatus: undefined } : config;
      const drifted = request.action === 'enable' && (await records.isDrifted(config));
      // A plan or pre-flight asked now: a simulation AWS throttles is a warning, the job checks again.
      return decideWithRole({ action: request.action, solution }, fresh, { datadog, checkpoint, lastClosed, drifted }, new RolePreflight(gateway, roleSettings, 'warn'));
    },

    async summary(entityRef) {
      const lastScan = await stores.scans.latest();
      if (!entityRef) return { ...(await stores.inventory.summary()), lastScan };
      const scope = await service.entityScope(entityRef);
      if (!scope) return { total: 0, traced: 0, byStatus: {}, byRuntime: [], byAccount: [], byOwner: [], excluded: 0, traceEvidence: { seen: 0, noneYet: 0, unknown: 0 }, lastScan };
      return { ...(await stores.inventory.summary({ arns: scope.arns, namePatterns: scope.namePatterns })), lastScan };
    },

    auditTrail(query) {
      return stores.audit.list(query);
    },

    async read(functionArn) {
      const known = await stores.inventory.get(functionArn);
      const target = parseFunctionArn(functionArn);
      const managed = target && gateway.targets().some(t => t.accountId === target.accountId && t.region === target.region);
      if (!known && !managed) {
        throw new NotFoundError(`No function ${functionArn} is known: it is not in the inventory nor in a configured account and region.`);
      }
      try {
        return { config: await gateway.getFunction(functionArn), known };
      } catch (error) {
        throw asHttpError(error, functionArn);
      }
    },

    async entityScope(entityRef) {
      const selector = await ownership.selectorFor(entityRef);
      if (isEmptySelector(selector)) return undefined;
      return {
        arns: selector.arns,
        namePatterns: selector.namePatterns,
        region: selector.region ? [selector.region] : undefined,
      };
    },
  };
  return service;
}

/** AWS failures during a request, as the statuses the API documents. */
export function asHttpError(error: unknown, functionArn: string): Error {
  if (!(error instanceof AwsCallError)) return error as Error;
  if (error.kind === 'not-found') return new NotFoundError(`The function ${functionArn} does not exist in AWS (any more).`);
  return new ServiceUnavailableError(error.message);
}

function emptyFacets(): Facets {
  return { account: [], region: [], runtime: [], status: [], solution: [], applicability: [], owner: [], evidence: [] };
}
