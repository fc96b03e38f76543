// The plugin's actions in Backstage's actions registry, which the MCP actions backend offers to agents:
// list functions, dry-run a plan, enable, roll back. They are the page's operations, not new ones:
// the same services, the same permissions (checked on the caller's credentials) and, for changes, the
// same job path with its audit — only a signed-in user may enable or roll back.
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { APPLICABILITIES, RUNTIME_FAMILIES, SOLUTIONS, TRACING_STATUSES } from '../../common/model';
import { functionArnProblem } from '../../common/arn';
import { functionReadPermission } from '../../common/permissions';
import type { FunctionSummary, Job, PlanView } from '../../common/api';
import type { AccessControl } from '../auth';
import type { JobStarter } from '../jobStarter';
import type { FunctionsService } from '../inventory/functions';
import type { JobsService } from '../enablement/jobs';

export interface ActionsDeps {
  actionsRegistry: ActionsRegistryService;
  access: AccessControl;
  functions: FunctionsService;
  jobs: JobsService;
  jobStarter: JobStarter;
  logger: LoggerService;
  /** How often a change action looks at its job while waiting for the outcome. */
  pollIntervalMs?: number;
}

const READ = 'see serverless tracing data';
const MAX_LIST = 100;
const MAX_FUNCTIONS_PER_CHANGE = 50;
const DEFAULT_WAIT_SECONDS = 60;

type Zod = Parameters<Parameters<ActionsRegistryService['register']>[0]['schema']['input']>[0];

/** The fields of a function an agent reasons with; never configuration or environment values. */
function functionShape(z: Zod) {
  return z.object({
    arn: z.string(),
    name: z.string(),
    accountId: z.string(),
    region: z.string(),
    runtime: z.string().nullable(),
    status: z.string().describe('Tracing today: untraced, xray, datadog, datadog-xray, other, misconfigured, drifted (lost part of what the plugin applied; enable re-applies it) or unknown.'),
    solution: z.string().describe('The recommended solution: dd-trace, dd-trace-xray or xray.'),
    applicability: z.string().describe('one-click when enable can apply it; otherwise what must happen first.'),
    owner: z.string().nullable().describe('The owning catalog entity ref, an owner tag value, or null.'),
    canRollback: z.boolean(),
    blockers: z.array(z.string()).describe('Why enable would be refused, if anything.'),
    drift: z.array(z.string()).describe('For a drifted function, what no longer carries what the plugin applied (variable names, never values).'),
    excluded: z.string().nullable().describe('Why the function is excluded from coverage and bulk enable, or null.'),
    traces: z
      .string()
      .nullable()
      .describe('For a traced function, whether its traces actually arrive: seen (with when), none-yet (configured, the backend received nothing recently) or unknown (with why it could not be checked); null when untraced.'),
  });
}

function summaryOf(fn: FunctionSummary) {
  return {
    arn: fn.arn,
    name: fn.name,
    accountId: fn.accountId,
    region: fn.region,
    runtime: fn.runtime,
    status: fn.status,
    solution: fn.solution,
    applicability: fn.applicability,
    owner: fn.owner,
    canRollback: fn.canRollback,
    blockers: fn.blockers.map(b => b.message),
    drift: fn.drift.map(f => f.message),
    excluded: fn.exclusion?.reason ?? null,
    traces: traceEvidenceText(fn),
  };
}

function traceEvidenceText(fn: FunctionSummary): string | null {
  const evidence = fn.traceEvidence;
  if (!evidence) return null;
  if (evidence.state === 'seen') return `seen: newest trace at ${evidence.seenAt}`;
  if (evidence.state === 'none-yet') return `none-yet: no traces in the last ${evidence.windowHours} h${evidence.seenAt ? ` (last seen ${evidence.seenAt})` : ''}`;
  return `unknown: ${evidence.reason ?? 'not checked'}`;
}

function planShape(z: Zod) {
  return z.object({
    functionArn: z.string(),
    action: z.enum(['enable', 'rollback']),
    solution: z.string(),
    changes: z
      .array(
        z.object({
          kind: z.enum(['layer-added', 'layer-removed', 'env-set', 'env-unset', 'handler-changed', 'tracing-mode-changed']),
          arn: z.string().optional().describe('The layer, for layer changes.'),
          key: z.string().optional().describe('The environment variable, for env changes.'),
          existed: z.boolean().optional(),
          before: z.string().nullable().optional().describe('null where the value is not disclosed (secrets, variables the plugin does not own).'),
          after: z.string().nullable().optional(),
        }),
      )
      .describe('What the update would change.'),
    blockers: z.array(z.string()).describe('Non-empty: the plan cannot be applied, for these reasons.'),
    warnings: z.array(z.string()),
  });
}

function planOf(plan: PlanView) {
  return {
    functionArn: plan.functionArn,
    action: plan.action,
    solution: plan.solution,
    changes: plan.changes,
    blockers: plan.blockers.map(b => b.message),
    warnings: plan.warnings.map(w => w.message),
  };
}

function jobShape(z: Zod) {
  return z.object({
    jobId: z.string(),
    state: z.string().describe('pending, running, succeeded, failed, partial or cancelled.'),
    finished: z.boolean().describe('false when the wait ended first: ask again with list-functions or the page.'),
    items: z.array(z.object({ functionArn: z.string(), state: z.string(), message: z.string().nullable() })),
  });
}

function arnList(z: Zod) {
  return z
    .array(
      z.string().superRefine((arn, context) => {
        const problem = functionArnProblem(arn);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    )
    .min(1)
    .max(MAX_FUNCTIONS_PER_CHANGE)
    .describe('Function ARNs as list-functions returns them (arn:aws:lambda:<region>:<account>:function:<name>).');
}

export function registerServerlessTracingActions(deps: ActionsDeps): void {
  const { actionsRegistry, access, functions, jobs, jobStarter } = deps;
  const pollIntervalMs = deps.pollIntervalMs ?? 500;

  async function outcome(job: Job, waitSeconds: number) {
    const deadline = Date.now() + waitSeconds * 1000;
    let current = job;
    while ((current.state === 'pending' || current.state === 'running') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, pollIntervalMs));
      current = await jobs.get(job.id);
    }
    return {
      jobId: current.id,
      state: current.state,
      finished: current.state !== 'pending' && current.state !== 'running',
      items: current.items.map(i => ({ functionArn: i.functionArn, state: i.state, message: i.message })),
    };
  }

  actionsRegistry.register({
    name: 'list-functions',
    title: 'List Lambda functions and their tracing',
    description:
      'Lists the AWS Lambda functions in the serverless-tracing inventory with their tracing status, the recommended solution and whether one-click enablement applies. Filters combine like the Serverless tracing page; use entityRef for one catalog entity\'s functions.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          q: z.string().max(200).optional().describe('Text searched in function names, runtimes, owners and ARNs.'),
          status: z.array(z.enum(TRACING_STATUSES as unknown as [string, ...string[]])).optional(),
          runtime: z.array(z.enum(RUNTIME_FAMILIES as unknown as [string, ...string[]])).optional().describe('Runtime families.'),
          solution: z.array(z.enum(SOLUTIONS as unknown as [string, ...string[]])).optional(),
          applicability: z.array(z.enum(APPLICABILITIES as unknown as [string, ...string[]])).optional(),
          account: z.array(z.string().regex(/^\d{12}$/)).optional(),
          region: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
          owner: z.array(z.string().min(1)).optional().describe('Owner entity refs or owner tag values.'),
          entityRef: z.string().min(1).optional().describe('Only the functions this catalog entity claims, e.g. component:default/payments.'),
          offset: z.number().int().min(0).max(1_000_000).optional(),
          limit: z.number().int().min(1).max(MAX_LIST).optional().describe(`At most ${MAX_LIST}; default 50.`),
        }),
      output: z => z.object({ total: z.number(), items: z.array(functionShape(z)) }),
    },
    action: async ({ input, credentials }) => {
      await access.requirePermission(credentials, functionReadPermission, READ);
      const page = await functions.list({ ...(input as Parameters<FunctionsService['list']>[0]), limit: input.limit ?? 50 });
      return { output: { total: page.total, items: page.items.map(summaryOf) } };
    },
  });

  actionsRegistry.register({
    name: 'plan',
    title: 'Plan tracing for a Lambda function (dry run)',
    description:
      'Reads the function fresh from AWS and returns what enabling tracing would change (layers, variables, handler, X-Ray mode), with blockers and warnings. Nothing is written.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          functionArn: arnList(z).element,
          solution: z
            .enum(SOLUTIONS as unknown as [string, ...string[]])
            .optional()
            .describe('dd-trace, dd-trace-xray or xray; default: the recommended one.'),
        }),
      output: z => z.object({ plan: planShape(z) }),
    },
    action: async ({ input, credentials }) => {
      await access.requirePermission(credentials, functionReadPermission, READ);
      const plan = await functions.plan(input.functionArn, input.solution as PlanView['solution'] | undefined);
      return { output: { plan: planOf(plan) } };
    },
  });

  actionsRegistry.register({
    name: 'enable',
    title: 'Enable tracing on Lambda functions',
    description:
      'Enables tracing on up to 50 functions as a job, exactly as the Serverless tracing page does: fresh read, plan, checkpoint for rollback, guarded update, verification, audit. Only a signed-in user may call it, with the enable permission for each function. Waits for the outcome up to waitSeconds.',
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          functionArns: arnList(z),
          solution: z
            .enum(SOLUTIONS as unknown as [string, ...string[]])
            .optional()
            .describe("Apply this solution to all; default: each function's recommendation."),
          waitSeconds: z.number().int().min(0).max(300).optional().describe(`How long to wait for the outcome; default ${DEFAULT_WAIT_SECONDS}.`),
        }),
      output: z => jobShape(z),
    },
    action: async ({ input, credentials }) => {
      const job = await jobStarter.start(
        credentials,
        { action: 'enable', functionArns: input.functionArns, solution: input.solution as PlanView['solution'] | undefined },
        'action',
      );
      return { output: await outcome(job, input.waitSeconds ?? DEFAULT_WAIT_SECONDS) };
    },
  });

  actionsRegistry.register({
    name: 'rollback',
    title: 'Roll back tracing on Lambda functions',
    description:
      'Restores exactly what the plugin changed when it enabled tracing (layers, variables, handler, X-Ray mode) on up to 50 functions, as a job. Refuses, naming the key, where someone changed the same settings since. Only a signed-in user may call it, with the rollback permission for each function.',
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          functionArns: arnList(z),
          waitSeconds: z.number().int().min(0).max(300).optional().describe(`How long to wait for the outcome; default ${DEFAULT_WAIT_SECONDS}.`),
        }),
      output: z => jobShape(z),
    },
    action: async ({ input, credentials }) => {
      const job = await jobStarter.start(credentials, { action: 'rollback', functionArns: input.functionArns }, 'action');
      return { output: await outcome(job, input.waitSeconds ?? DEFAULT_WAIT_SECONDS) };
    },
  });
}
