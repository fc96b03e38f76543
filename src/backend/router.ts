// The REST API of DESIGN.md: validate, check who may do it, hand over to the services, answer.
import { MAX_PAGE_SIZE } from './store';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { APPLICABILITIES, RUNTIME_FAMILIES, SOLUTIONS, TRACING_STATUSES } from '../common/model';
import { functionArnProblem } from '../common/arn';
import { FUNCTION_SORT_KEYS, TRACE_EVIDENCE_STATES } from '../common/api';
import { functionReadPermission, scanCreatePermission } from '../common/permissions';
import type { AccessControl } from './auth';
import type { JobStarter } from './jobStarter';
import { createErrorHandler } from './errors';
import type { FunctionsService } from './inventory/functions';
import type { JobsService } from './enablement/jobs';
import type { ScansService } from './inventory/scans';
import type { ExclusionsService } from './exclusions';
import type { CampaignsService } from './enablement/campaigns';
import type { RolePolicyService } from './enablement/rolePolicy';

export interface RouterOptions {
  logger: LoggerService;
  access: AccessControl;
  functions: FunctionsService;
  jobs: JobsService;
  jobStarter: JobStarter;
  scans: ScansService;
  exclusions: ExclusionsService;
  campaigns: CampaignsService;
  rolePolicy: RolePolicyService;
}

export const MAX_JOB_FUNCTIONS = 1000;

const READ = 'see serverless tracing data';

/** A multi-value filter: repeated parameters, comma lists, or both. */
const multi = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    value =>
      value === undefined
        ? undefined
        : [value].flat().flatMap(v => String(v).split(',')).map(v => v.trim()).filter(Boolean),
    z.array(item).optional(),
  );
const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
const functionArn = z.string().superRefine((arn, context) => {
  const problem = functionArnProblem(arn);
  if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});
/**
 * A count in a query string: decimal digits only. Number() would also take 1e20, 0x10 or an array
 * (offset[0]=1), and a number past what the database can page to fails there, as a 500.
 */
const wholeNumber = (min: number, max: number) =>
  z
    .string({ invalid_type_error: 'must be given once, as a whole number' })
    .regex(/^\d{1,10}$/, 'must be a whole number in decimal digits (no exponent, sign or hex)')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
/** Deeper than any inventory pages: a bigger offset is a mistake, not a page. */
const MAX_OFFSET = 1_000_000_000;
/** kind:namespace/name (kind and namespace optional) in the characters the catalog allows. */
const entityRef = z
  .string()
  .max(300)
  .regex(
    /^(?:[A-Za-z][A-Za-z0-9-]*:)?(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be an entity reference such as component:default/payments',
  );
const sortKey = new RegExp(`^-?(${FUNCTION_SORT_KEYS.join('|')})$`);

const functionsQuery = z
  .object({
    q: z.string().max(200).optional(),
    account: multi(z.string().regex(/^\d{12}$/, 'an account id has 12 digits')),
    region: multi(z.string().regex(/^[a-z0-9-]+$/, 'a region looks like eu-west-1')),
    runtime: multi(oneOf(RUNTIME_FAMILIES)),
    status: multi(oneOf(TRACING_STATUSES)),
    solution: multi(oneOf(SOLUTIONS)),
    applicability: multi(oneOf(APPLICABILITIES)),
    owner: multi(z.string().min(1)),
    excluded: z
      .enum(['true', 'false'], { errorMap: () => ({ message: 'is true (only excluded functions) or false (only counted ones)' }) })
      .transform(value => value === 'true')
      .optional(),
    evidence: multi(oneOf(TRACE_EVIDENCE_STATES)),
    entityRef: entityRef.optional(),
    sort: z
      .string()
      .regex(sortKey, `sort by ${FUNCTION_SORT_KEYS.join(', ')} (prefix - for descending)`)
      .optional(),
    offset: wholeNumber(0, MAX_OFFSET).optional(),
    limit: wholeNumber(1, MAX_PAGE_SIZE).optional(),
  })
  .strict();
const planBody = z.object({ solution: oneOf(SOLUTIONS).optional() }).strict();
const rolePolicyQuery = z.object({ solution: oneOf(SOLUTIONS).optional() }).strict();
const rolePolicyBody = z
  .object({
    consent: z.literal(true, {
      errorMap: () => ({ message: 'must be true: attaching a policy to a role needs your explicit consent to the policy shown' }),
    }),
    documentHash: z
      .string({ required_error: 'give the documentHash of the policy you were shown, so only that policy is attached' })
      .regex(/^[0-9a-f]{64}$/, 'must be the 64-hex-digit SHA-256 of the policy shown (documentHash of GET role-policy)'),
    solution: oneOf(SOLUTIONS).optional(),
  })
  .strict();
const jobBody = z
  .object({
    action: z.enum(['enable', 'rollback']),
    functionArns: z.array(functionArn).min(1).max(MAX_JOB_FUNCTIONS),
    solution: oneOf(SOLUTIONS).optional(),
  })
  .strict()
  .refine(body => body.action === 'enable' || body.solution === undefined, {
    message: 'a rollback restores what was there; it takes no solution',
    path: ['solution'],
  });
const exclusionBody = z
  .object({
    functionArn: z.string().max(600).optional(),
    pattern: z.string().max(600).optional(),
    reason: z.string({ required_error: 'say why the function is excluded' }).max(2000),
  })
  .strict();
/** A week: a longer pause between stages is a campaign nobody is watching. */
export const MAX_CAMPAIGN_PAUSE_SECONDS = 7 * 24 * 3600;
const campaignBody = z
  .object({
    staging: z.discriminatedUnion(
      'by',
      [
        z.object({ by: z.literal('account') }).strict(),
        z.object({ by: z.literal('owner') }).strict(),
        z
          .object({
            by: z.literal('percentage'),
            firstPercent: z
              .number({ required_error: 'say which share of the functions goes first, e.g. 10' })
              .int('must be a whole number')
              .min(1, 'must be at least 1')
              .max(99, 'must be at most 99 (100% would be a single stage)'),
          })
          .strict(),
      ],
      { errorMap: () => ({ message: 'stage by "account", "owner" or "percentage" (with firstPercent)' }) },
    ),
    pauseSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(0, 'must be 0 or more')
      .max(MAX_CAMPAIGN_PAUSE_SECONDS, `must be at most ${MAX_CAMPAIGN_PAUSE_SECONDS} (a week)`)
      .optional(),
    requireApproval: z.boolean().optional(),
  })
  .strict();
const jobsQuery = z.object({ limit: wholeNumber(1, MAX_PAGE_SIZE).optional() }).strict();
const entityQuery = z.object({ entityRef: entityRef.optional() }).strict();
const auditQuery = z
  .object({
    arn: functionArn.optional(),
    actor: z.string().min(1).max(512).optional(),
    action: z.enum(['enable', 'rollback', 'role-policy']).optional(),
    outcome: z.enum(['succeeded', 'failed', 'refused']).optional(),
    jobId: z.string().min(1).max(64).optional(),
    since: z
      .string()
      .refine(value => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), 'must be a date or time in ISO 8601, e.g. 2026-12-01 or 2026-12-01T10:00:00Z')
      .transform(value => new Date(value).toISOString())
      .optional(),
    limit: wholeNumber(1, MAX_PAGE_SIZE).optional(),
  })
  .strict();

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
  }
  return result.data;
}

function hasBody(req: express.Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function arnParam(value: string): string {
  return parse(functionArn, value, 'function ARN in the path');
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { logger, access, functions, jobs, jobStarter, scans, exclusions, campaigns, rolePolicy } = options;
  const router = Router();
  router.use(express.json({ limit: '512kb' }));
  // express.json() leaves any other body unparsed, and an unparsed body would read as "no options".
  router.use((req, _res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      throw new InputError(`Send the request body as JSON (content-type application/json), not ${req.headers['content-type'] ?? 'without a content type'}.`);
    }
    next();
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/functions', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await functions.list(parse(functionsQuery, req.query, 'query')));
  });

  router.get('/functions/:arn', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await functions.details(arnParam(req.params.arn)));
  });

  router.post('/functions/:arn/plan', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const arn = arnParam(req.params.arn);
    const { solution } = parse(planBody, req.body, 'plan request');
    res.json(await functions.plan(arn, solution));
  });

  // The optional fix for a role lacking what the plan needs: the policy, then its attachment with consent.
  router.get('/functions/:arn/role-policy', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const arn = arnParam(req.params.arn);
    const { solution } = parse(rolePolicyQuery, req.query, 'query');
    res.json(await rolePolicy.proposal(arn, solution));
  });

  router.post('/functions/:arn/role-policy', async (req, res) => {
    const arn = arnParam(req.params.arn);
    res.json(await rolePolicy.attach(req, arn, parse(rolePolicyBody, req.body, 'role policy request')));
  });

  router.post('/jobs', async (req, res) => {
    res.status(202).json(await jobStarter.start(req, parse(jobBody, req.body, 'job request'), 'api'));
  });

  router.get('/jobs', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const { limit } = parse(jobsQuery, req.query, 'query');
    res.json(await jobs.list(limit ?? 50));
  });

  router.post('/jobs/:id/cancel', async (req, res) => {
    res.json(await jobStarter.cancel(req, req.params.id));
  });

  router.get('/jobs/:id', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await jobs.get(req.params.id));
  });

  router.get('/summary', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const { entityRef } = parse(entityQuery, req.query, 'query');
    res.json(await functions.summary(entityRef));
  });

  router.post('/scans', async (req, res) => {
    await access.requirePermission(req, scanCreatePermission, 'start an inventory scan');
    res.status(202).json(await scans.start());
  });

  router.get('/scans/latest', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await scans.latest());
  });

  router.get('/audit', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const { arn, limit, ...filters } = parse(auditQuery, req.query, 'query');
    res.json(await functions.auditTrail({ ...filters, functionArn: arn, limit: limit ?? 100 }));
  });

  router.get('/exclusions', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await exclusions.list());
  });

  router.post('/exclusions', async (req, res) => {
    res.status(201).json(await exclusions.create(req, parse(exclusionBody, req.body, 'exclusion')));
  });

  router.delete('/exclusions/:id', async (req, res) => {
    await exclusions.remove(req, req.params.id);
    res.status(204).end();
  });

  router.get('/campaigns/candidates', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await campaigns.candidates());
  });

  router.post('/campaigns', async (req, res) => {
    res.status(201).json(await campaigns.create(req, parse(campaignBody, req.body, 'campaign')));
  });

  router.get('/campaigns', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    const { limit } = parse(jobsQuery, req.query, 'query');
    res.json(await campaigns.list(limit ?? 20));
  });

  router.get('/campaigns/:id', async (req, res) => {
    await access.requirePermission(req, functionReadPermission, READ);
    res.json(await campaigns.get(req.params.id));
  });

  router.post('/campaigns/:id/continue', async (req, res) => {
    res.json(await campaigns.continue(req, req.params.id));
  });

  router.post('/campaigns/:id/cancel', async (req, res) => {
    res.json(await campaigns.cancel(req, req.params.id));
  });

  router.use(createErrorHandler(logger));
  return router;
}
