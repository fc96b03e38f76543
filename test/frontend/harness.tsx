// Renders frontend components against a fake serverless-tracing backend mocked at the HTTP level (msw).
import '@testing-library/jest-dom/vitest';
import type { ReactElement } from 'react';
import { screen } from '@testing-library/react';
import { PointerEventsCheckLevel, userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { identityApiRef, storageApiRef, type IdentityApi, type StorageApi } from '@backstage/core-plugin-api';
import { permissionApiRef, type PermissionApi } from '@backstage/plugin-permission-react';
import { mockApis, registerMswTestHooks, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { AuditEvent, CreateExclusionRequest, CreateJobRequest, Exclusion, FunctionDetails, FunctionSummary, Job, ScanInfo } from '../../src/common/api';
import { ServerlessTracingClient, serverlessTracingApiRef } from '../../src/frontend/api';
import type { Campaign, CreateCampaignRequest } from '../../src/common/campaigns';
import { coverageSummary, functionDetails, functionsPage, scanInfo, upgradeCandidates } from './fixtures';

export const BASE_URL = 'http://localhost/api/serverless-tracing';

export const server = setupServer();
registerMswTestHooks(server);

/** Steps a job goes through: POST /jobs answers the first, each GET /jobs/:id the next (the last repeats). */
interface Script<T> {
  steps: T[];
  served: number;
  onFinished?: () => void;
}

/** The backend as the browser sees it; records what the frontend asked for. */
export class FakeBackend {
  functions: FunctionSummary[] = [];
  details = new Map<string, FunctionDetails>();
  summary = coverageSummary();
  scan: ScanInfo | null = scanInfo();
  /** Total matches to report when the test serves only one page of a larger inventory. */
  total?: number;
  readonly functionQueries: URLSearchParams[] = [];
  readonly summaryQueries: URLSearchParams[] = [];
  readonly jobRequests: CreateJobRequest[] = [];
  readonly cancelRequests: string[] = [];
  /** The audit trail GET /audit filters (actor, action, outcome), newest first as given. */
  audit: AuditEvent[] = [];
  /** Exclusions made on the page; POST /exclusions adds one (or answers with `exclusionError`). */
  exclusions: Exclusion[] = [];
  exclusionError?: { status: number; name: string; message: string };
  /** GET /campaigns/candidates: functions behind the configured layer versions. */
  candidates = upgradeCandidates();
  /** Campaigns, newest first. POST /campaigns adds `nextCampaign`; continue starts the next stage, cancel cancels. */
  campaigns: Campaign[] = [];
  nextCampaign?: Campaign;
  readonly campaignRequests: CreateCampaignRequest[] = [];
  readonly campaignActions: string[] = [];
  private readonly pendingJobs: Array<Script<Job>> = [];
  private readonly jobs = new Map<string, Script<Job>>();
  private scanScript?: Script<ScanInfo>;

  constructor(functions: FunctionSummary[] = []) {
    this.functions = functions;
    server.use(...this.handlers());
  }

  /** The next POST /jobs starts a job that goes through these steps; onFinished runs when the last is served. */
  expectJob(steps: Job[], onFinished?: () => void): void {
    this.pendingJobs.push({ steps, served: 0, onFinished });
  }

  /** POST /scans starts a scan that goes through these steps (GET /scans/latest serves the next ones). */
  expectScan(steps: ScanInfo[], onFinished?: () => void): void {
    this.scanScript = { steps, served: 0, onFinished };
  }

  detailsOf(arn: string): FunctionDetails {
    return this.details.get(arn) ?? functionDetails(this.functions.find(f => f.arn === arn)!);
  }

  private handlers() {
    return [
      http.get(`${BASE_URL}/functions`, ({ request }) => {
        this.functionQueries.push(new URL(request.url).searchParams);
        return HttpResponse.json(functionsPage(this.functions, this.total === undefined ? {} : { total: this.total }));
      }),
      http.get(`${BASE_URL}/functions/:arn`, ({ params }) => {
        const arn = decodeURIComponent(String(params.arn));
        if (!this.functions.some(f => f.arn === arn) && !this.details.has(arn)) {
          return HttpResponse.json({ error: { name: 'NotFoundError', message: `No function ${arn} in the inventory.` } }, { status: 404 });
        }
        return HttpResponse.json(this.detailsOf(arn));
      }),
      http.post(`${BASE_URL}/functions/:arn/plan`, ({ params }) => HttpResponse.json(this.detailsOf(decodeURIComponent(String(params.arn))).plan)),
      http.post(`${BASE_URL}/jobs`, async ({ request }) => {
        this.jobRequests.push((await request.json()) as CreateJobRequest);
        const script = this.pendingJobs.shift();
        if (!script) return HttpResponse.json({ error: { name: 'Error', message: 'unexpected job' } }, { status: 500 });
        this.jobs.set(script.steps[0].id, script);
        return HttpResponse.json(serve(script), { status: 202 });
      }),
      http.get(`${BASE_URL}/jobs/:id`, ({ params }) => HttpResponse.json(serve(this.jobs.get(String(params.id))!))),
      http.get(`${BASE_URL}/summary`, ({ request }) => {
        this.summaryQueries.push(new URL(request.url).searchParams);
        return HttpResponse.json(this.summary);
      }),
      http.get(`${BASE_URL}/scans/latest`, () => {
        if (this.scanScript && this.scanScript.served > 0) this.scan = serve(this.scanScript);
        return HttpResponse.json(this.scan);
      }),
      http.get(`${BASE_URL}/exclusions`, () => HttpResponse.json(this.exclusions)),
      http.get(`${BASE_URL}/audit`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        const matches = (event: AuditEvent) =>
          (['actor', 'action', 'outcome'] as const).every(key => !query.get(key) || event[key] === query.get(key)) &&
          (!query.get('arn') || event.functionArn === query.get('arn'));
        return HttpResponse.json(this.audit.filter(matches));
      }),
      http.get(`${BASE_URL}/jobs`, () => HttpResponse.json([...this.jobs.values()].map(script => {
        const { items: _items, ...summary } = script.steps[Math.min(script.served, script.steps.length) - 1] ?? script.steps[0];
        return summary;
      }))),
      // A cancel jumps the job's script to its last step (the job as cancelled).
      http.post(`${BASE_URL}/jobs/:id/cancel`, ({ params }) => {
        this.cancelRequests.push(String(params.id));
        const script = this.jobs.get(String(params.id))!;
        script.served = Math.max(script.served, script.steps.length - 1);
        return HttpResponse.json(serve(script));
      }),
      http.post(`${BASE_URL}/exclusions`, async ({ request }) => {
        if (this.exclusionError) {
          const { status, name, message } = this.exclusionError;
          return HttpResponse.json({ error: { name, message } }, { status });
        }
        const body = (await request.json()) as CreateExclusionRequest;
        const exclusion: Exclusion = {
          id: String(this.exclusions.length + 1),
          functionArn: body.functionArn ?? null,
          pattern: body.pattern ?? null,
          reason: body.reason,
          createdBy: 'user:default/guest',
          createdAt: '2025-05-03T09:00:00.000Z',
        };
        this.exclusions.push(exclusion);
        return HttpResponse.json(exclusion, { status: 201 });
      }),
      http.delete(`${BASE_URL}/exclusions/:id`, ({ params }) => {
        this.exclusions = this.exclusions.filter(e => e.id !== String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
      http.get(`${BASE_URL}/campaigns/candidates`, () => HttpResponse.json(this.candidates)),
      http.get(`${BASE_URL}/campaigns`, () =>
        HttpResponse.json(this.campaigns.map(c => ({ ...c, stages: c.stages.map(({ functionArns, ...stage }) => ({ ...stage, functions: functionArns.length })) }))),
      ),
      http.post(`${BASE_URL}/campaigns`, async ({ request }) => {
        this.campaignRequests.push((await request.json()) as CreateCampaignRequest);
        if (!this.nextCampaign) return HttpResponse.json({ error: { name: 'ConflictError', message: 'No function can be upgraded.' } }, { status: 409 });
        this.campaigns.unshift(this.nextCampaign);
        return HttpResponse.json(this.nextCampaign, { status: 201 });
      }),
      http.post(`${BASE_URL}/campaigns/:id/:action`, ({ params }) => {
        const id = String(params.id);
        const action = String(params.action);
        this.campaignActions.push(`${action} ${id}`);
        const index = this.campaigns.findIndex(c => c.id === id);
        const current = this.campaigns[index];
        const next = current.currentStage + 1;
        this.campaigns[index] =
          action === 'cancel'
            ? { ...current, state: 'cancelled', reason: 'Cancelled by user:default/jane; later stages were not started.' }
            : { ...current, state: 'running', currentStage: next, stages: current.stages.map((s, i) => (i === next ? { ...s, jobId: `job-${next + 1}` } : s)) };
        return HttpResponse.json(this.campaigns[index]);
      }),
      http.post(`${BASE_URL}/scans`, () => {
        this.scan = serve(this.scanScript!);
        return HttpResponse.json(this.scan, { status: 202 });
      }),
    ];
  }
}

function serve<T>(script: Script<T>): T {
  const index = Math.min(script.served, script.steps.length - 1);
  script.served += 1;
  if (index === script.steps.length - 1 && script.served === script.steps.length) script.onFinished?.();
  return script.steps[index];
}

/** Replace one route with a failure carrying the backend's error body. */
export function failRoute(method: 'get' | 'post', path: string, status: number, name: string, message: string): void {
  server.use(http[method](`${BASE_URL}${path}`, () => HttpResponse.json({ error: { name, message } }, { status })));
}

export interface RenderOptions {
  permission?: PermissionApi;
  identity?: IdentityApi;
  /** The URL the app opens at, e.g. '/?q=orders' (a deep link). */
  url?: string;
  /** The user's stored preferences; share one between renders to stand for a reload. */
  storage?: StorageApi;
}

export const OWNERSHIP_REFS = ['user:default/jane', 'group:default/payments-team'];

export function renderWithApis(element: ReactElement, options: RenderOptions = {}) {
  const client = new ServerlessTracingClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch: (input, init) => globalThis.fetch(input, init) },
  });
  const permission = options.permission ?? mockApis.permission();
  const identity = options.identity ?? mockApis.identity({ userEntityRef: OWNERSHIP_REFS[0], ownershipEntityRefs: OWNERSHIP_REFS });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [serverlessTracingApiRef, client],
        [permissionApiRef, permission],
        [identityApiRef, identity],
        [storageApiRef, options.storage ?? mockApis.storage()],
      ]}
    >
      {element}
    </TestApiProvider>,
    options.url ? { routeEntries: [options.url] } : undefined,
  );
}

/** Polling as fast as the event loop allows, so tests wait for behaviour, not for clocks. */
export const FAST_POLL_MS = 5;

/** User interactions without the per-event pointer-events style walk (slow over a DataGrid). */
export const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

/** The table row of a function, found by its name (role queries over a whole DataGrid are slow). */
export async function findRow(name: string): Promise<HTMLElement> {
  return (await screen.findByText(name, { selector: 'button' })).closest('[role="row"]') as HTMLElement;
}
