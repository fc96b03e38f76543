// The REST API of DESIGN.md: validate, check who may do it, hand over to the services, answer.
import { MAX_PAGE_SIZE } from './store';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { APPLICABILITIES, RUNTIME_FAMILIES, SOLUTIONS, TRACING_STATUSES } from '../common/model';
import { parseFunctionArn } from '../common/arn';
import { functionReadPermission, scanCreatePermission } from '../common/permissions';
import type { AccessControl } from './auth';
import { createErrorHandler } from './errors';
import type { FunctionsService } from './enablement/functions';
import type { JobsService } from './enablement/jobs';
import type { ScansService } from './enablement/scans';

export interface RouterOptions {
  logger: LoggerService;
  auditor: AuditorService;
  access: AccessControl;
  functions: FunctionsService;
  jobs: JobsService;
  scans: ScansService;
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
const functionArn = z.string().refine(arn => parseFunctionArn(arn) !== undefined, {
  message: 'must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)',
});

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
    entityRef: z.string().min(1).optional(),
    sort: z
      .string()
      .regex(/^-?(name|account|region|runtime|status|owner|lastModified)$/, 'sort by name, account, region, runtime, status, owner or lastModified (prefix - for descending)')
      .optional(),
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();
const planBody = z.object({ solution: oneOf(SOLUTIONS).optional() }).strict();
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
const entityQuery = z.object({ entityRef: z.string().min(1).optional() }).strict();
const auditQuery = z
  .object({ arn: functionArn.optional(), limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional() })
  .strict();

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
  }
  return result.data;
}

function arnParam(value: string): string {
  return parse(functionArn, value, 'function ARN in the path');
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { logger, auditor, access, functions, jobs, scans } = options;
  const router = Router();
  router.use(express.json({ limit: '512kb' }));

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

  router.post('/jobs', async (req, res) => {
    const credentials = await access.requireUser(req, 'enable tracing or roll it back');
    const body = parse(jobBody, req.body, 'job request');
    const request = { ...body, functionArns: [...new Set(body.functionArns)] };
    const event = await auditor.createEvent({
      eventId: 'job-create',
      severityLevel: 'medium',
      request: req,
      meta: { action: request.action, functions: request.functionArns.length, solution: request.solution ?? null },
    });
    try {
      const owners = await jobs.ownersOf(request.functionArns);
      const denied = await access.deniedFunctions(credentials, request.action, owners);
      if (denied.length > 0) {
        throw new NotAllowedError(
          `You may not ${request.action === 'enable' ? 'enable tracing on' : 'roll back'} ${denied.length} of these functions (${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ', …' : ''}): ask their owning teams or a Backstage admin for the permission.`,
        );
      }
      if (request.functionArns.length === 1) await jobs.preflight(request);
      const job = await jobs.create(request, credentials.principal.userEntityRef);
      await event.success({ meta: { jobId: job.id } });
      res.status(202).json(job);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
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
    const { arn, limit } = parse(auditQuery, req.query, 'query');
    res.json(await functions.auditTrail({ functionArn: arn, limit: limit ?? 100 }));
  });

  router.use(createErrorHandler(logger));
  return router;
}
