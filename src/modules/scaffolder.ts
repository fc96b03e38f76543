// The scaffolder action `serverless-tracing:enable`: a software template that creates a service turns
// tracing on for its functions after the first deploy, through the plugin's own job path on behalf
// of the person running the template. In a dry run it shows the plans and changes nothing.
import { coreServices, createBackendModule, type BackstageCredentials } from '@backstage/backend-plugin-api';
import { createTemplateAction, scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { Job } from '../common/api';
import { SOLUTIONS, type Solution } from '../common/model';
import { createBackendClient, type ServerlessTracingBackendClient } from './pluginClient';

const MAX_FUNCTIONS = 50;

export function createEnableTracingAction(options: { client: ServerlessTracingBackendClient; pollIntervalMs?: number }) {
  const { client } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;

  /** The functions to enable: those named, or the entity's untraced functions one click can trace. */
  async function targets(input: { functionArns?: string[]; entityRef?: string }, credentials: BackstageCredentials) {
    if (input.functionArns?.length) return input.functionArns;
    if (!input.entityRef) throw new Error('Give functionArns, or the entityRef of the component whose functions to enable.');
    const page = await client.listFunctions(
      { entityRef: input.entityRef, status: ['untraced'], applicability: ['one-click'], limit: MAX_FUNCTIONS },
      credentials,
    );
    return page.items.map(fn => fn.arn);
  }

  async function settled(job: Job, waitSeconds: number, credentials: BackstageCredentials): Promise<Job> {
    const deadline = Date.now() + waitSeconds * 1000;
    let current = job;
    while ((current.state === 'pending' || current.state === 'running') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, pollIntervalMs));
      current = await client.job(job.id, credentials);
    }
    return current;
  }

  return createTemplateAction({
    id: 'serverless-tracing:enable',
    description:
      "Enables tracing on AWS Lambda functions (by ARN, or a catalog entity's untraced one-click functions) as the person running the template, with the same permissions, checkpoints and audit as the Serverless tracing page. A dry run shows each plan and changes nothing.",
    supportsDryRun: true,
    schema: {
      input: {
        functionArns: z => z.array(z.string()).max(MAX_FUNCTIONS).optional().describe('Function ARNs to enable.'),
        entityRef: z => z.string().optional().describe("Instead of ARNs: enable this entity's untraced functions that one click can trace."),
        solution: z => z.enum(SOLUTIONS as unknown as [Solution, ...Solution[]]).optional().describe("Default: each function's recommendation."),
        waitSeconds: z => z.number().int().min(0).max(900).optional().describe('How long to wait for the job; default 300.'),
      },
      output: {
        jobId: z => z.string().optional(),
        state: z => z.string().describe('planned (dry run), nothing-to-do, or the job state.'),
        functionArns: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const functionArns = await targets(ctx.input, credentials);
      ctx.output('functionArns', functionArns);
      if (functionArns.length === 0) {
        ctx.logger.info('No function to enable: none named, or the entity has no untraced function one click can trace.');
        ctx.output('state', 'nothing-to-do');
        return;
      }
      if (ctx.isDryRun) {
        for (const arn of functionArns) {
          const plan = await client.plan(arn, ctx.input.solution, credentials);
          const blocked = plan.blockers.length > 0 ? ` — blocked: ${plan.blockers.map(b => b.message).join(' ')}` : '';
          ctx.logger.info(`${arn}: ${plan.solution}, ${plan.changes.length} changes${blocked}`);
        }
        ctx.output('state', 'planned');
        return;
      }
      const job = await settled(
        await client.startJob({ action: 'enable', functionArns, solution: ctx.input.solution }, credentials),
        ctx.input.waitSeconds ?? 300,
        credentials,
      );
      ctx.output('jobId', job.id);
      ctx.output('state', job.state);
      for (const item of job.items) ctx.logger.info(`${item.functionArn}: ${item.state}${item.message ? ` — ${item.message}` : ''}`);
      if (job.state === 'failed' || job.state === 'partial' || job.state === 'cancelled') {
        throw new Error(`Tracing was not enabled on ${job.counts.failed} of ${job.counts.total} functions (job ${job.id}); see the log above.`);
      }
    },
  });
}

/** `backend.add(import('@serverless-tracing/backstage-plugin-scaffolder-module'))` */
export default createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'serverless-tracing',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint, discovery: coreServices.discovery, auth: coreServices.auth },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(createEnableTracingAction({ client: createBackendClient({ discovery, auth }) }));
      },
    });
  },
});
