// The global services account discovery needs, each in AWS's wire format so the real SDK clients talk
// to them unchanged: AWS Organizations (awsJson1_1, X-Amz-Target AWSOrganizationsV20161128.*), the
// Account API's ListRegions (restJson1), STS AssumeRole / GetCallerIdentity and IAM's
// SimulatePrincipalPolicy and PutRolePolicy (awsQuery, XML; iam-api.ts).
// Callers, quotas and injected failures go through the same steps as every other sandbox request.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { identifyCaller, parseCredentialScope, type Caller } from './auth';
import { SandboxError, type HttpReply, type InjectedFailure } from './errors';
import { IAM_NS, putRolePolicy, simulatePrincipalPolicy } from './iam-api';
import { ROLE_ARN } from './roles';
import { regionStatuses, type OrganizationMember, type SandboxOrganization } from './organization';
import type { QuotaGate } from './quota';
import { decodeMarker, encodeMarker } from './routes';
import type { SeedAccount } from './seed';
import type { SandboxState } from './state';

export type GlobalService = 'organizations' | 'account' | 'sts' | 'iam';
const GLOBAL_SERVICES: readonly GlobalService[] = ['organizations', 'account', 'sts', 'iam'];

export interface OrganizationContext {
  organization: SandboxOrganization;
  accounts: SeedAccount[];
}

/** The global service a request is signed for, if any (the credential scope's service name). */
export function globalServiceOf(headers: IncomingHttpHeaders): GlobalService | undefined {
  const service = parseCredentialScope(headers.authorization ?? '')?.service;
  return GLOBAL_SERVICES.find(candidate => candidate === service);
}

const failures = new WeakMap<SandboxState, Map<string, InjectedFailure>>();

/** Makes one global service fail for one calling account (or stop failing, with `undefined`). */
export function setGlobalFailure(state: SandboxState, accountId: string, service: GlobalService, error: InjectedFailure | undefined): void {
  const map = failures.get(state) ?? new Map<string, InjectedFailure>();
  if (error) map.set(`${accountId}/${service}`, error);
  else map.delete(`${accountId}/${service}`);
  failures.set(state, map);
}

interface Request {
  caller: Caller;
  state: SandboxState;
  context: OrganizationContext;
  path: string;
  target: string | undefined;
  body: string;
}

export async function serveGlobal(
  service: GlobalService,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
  deps: { state: SandboxState; quota: QuotaGate; context: OrganizationContext; record: (caller: Caller, operation: string) => void },
): Promise<{ reply: HttpReply; operation: string; caller?: Caller }> {
  const { state, quota, record, context } = deps;
  const target = typeof request.headers['x-amz-target'] === 'string' ? request.headers['x-amz-target'] : undefined;
  let operation = 'Unknown';
  let caller: Caller | undefined;
  try {
    if (state.settings.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, state.settings.latencyMs));
    const name = operationName(service, request.method, request.url.pathname, target, request.body);
    operation = `${service}:${name}`;
    caller = identifyCaller(request.headers, accessKeyId => state.accountOfAccessKey(accessKeyId));
    record(caller, operation);
    const failure = failures.get(state)?.get(`${caller.accountId}/${service}`);
    if (failure) throw globalFailure(service, failure, caller.accountId, operation);
    const decision = quota.take(`${caller.accountId}/${caller.region}/${service}`, state.settings.quotaPerSecond);
    if (!decision.allowed) throw globalFailure(service, 'TooManyRequestsException', caller.accountId, operation);
    const handler = HANDLERS[service][name];
    if (!handler) throw new SandboxError(400, 'UnknownOperationException', `The sandbox does not implement ${operation}.`);
    const reply = handler({ caller, state, context, path: request.url.pathname, target, body: request.body });
    return { reply, operation, caller };
  } catch (error) {
    const known = error instanceof SandboxError ? error : new SandboxError(500, 'ServiceException', `The sandbox failed: ${String(error)}`);
    return { reply: errorReply(service, known), operation, caller };
  }
}

function operationName(service: GlobalService, method: string, path: string, target: string | undefined, body: string): string {
  if (service === 'organizations') return target?.startsWith(`${ORGANIZATIONS_PREFIX}.`) ? target.slice(ORGANIZATIONS_PREFIX.length + 1) : 'Unknown';
  if (service === 'account') return method === 'POST' && path === '/listRegions' ? 'ListRegions' : 'Unknown';
  return new URLSearchParams(body).get('Action') ?? 'Unknown';
}

// ---- AWS Organizations (awsJson1_1) -------------------------------------------------------------------

const ORGANIZATIONS_PREFIX = 'AWSOrganizationsV20161128';
const JSON_1_1 = 'application/x-amz-json-1.1';

const json = (body: unknown, contentType = JSON_1_1): HttpReply => ({ status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(body) });

function input(raw: string): Record<string, unknown> {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new SandboxError(400, 'SerializationException', 'The request body is not valid JSON.');
  }
}

function page<T>(items: T[], token: unknown, maxResults: unknown, max: number, kind: string): { items: T[]; next?: string } {
  const size = maxResults === undefined ? max : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new SandboxError(400, 'InvalidInputException', `You provided a value that does not match the required pattern: MaxResults must be between 1 and ${max}.`);
  }
  const start = typeof token === 'string' && token ? Number(decodeMarker(kind, token)) : 0;
  if (!Number.isInteger(start) || start < 0) throw new SandboxError(400, 'InvalidInputException', 'The NextToken you provided is not valid.');
  return { items: items.slice(start, start + size), next: start + size < items.length ? encodeMarker(kind, String(start + size)) : undefined };
}

/** Only the management account reads the organisation here (no delegated administrator is registered). */
function requireManagement(request: Request): SandboxOrganization {
  const organization = request.context.organization;
  if (request.caller.accountId !== organization.managementAccountId) {
    const member = organization.members.some(m => m.accountId === request.caller.accountId);
    throw member
      ? new SandboxError(400, 'AccessDeniedException', "You don't have permissions to access this resource.")
      : new SandboxError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  return organization;
}

const accountArn = (org: SandboxOrganization, accountId: string) => `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${accountId}`;
const unitArn = (org: SandboxOrganization, id: string) => `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${id}`;

function accountShape(org: SandboxOrganization, member: OrganizationMember) {
  return {
    Id: member.accountId,
    Arn: accountArn(org, member.accountId),
    Email: member.email,
    Name: member.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: member.accountId === org.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: member.joined,
  };
}

function requireParent(org: SandboxOrganization, parentId: unknown): string {
  if (typeof parentId !== 'string' || (parentId !== org.rootId && !org.units.some(u => u.id === parentId))) {
    throw new SandboxError(400, 'ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.');
  }
  return parentId;
}

type Handler = (request: Request) => HttpReply;

const ORGANIZATIONS: Record<string, Handler> = {
  DescribeOrganization(request) {
    const org = requireManagement(request);
    const management = org.members.find(m => m.accountId === org.managementAccountId);
    return json({
      Organization: {
        Id: org.id,
        Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
        FeatureSet: 'ALL',
        MasterAccountArn: accountArn(org, org.managementAccountId),
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: management?.email,
        AvailablePolicyTypes: [],
      },
    });
  },
  ListRoots(request) {
    const org = requireManagement(request);
    return json({ Roots: [{ Id: org.rootId, Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`, Name: 'Root', PolicyTypes: [] }] });
  },
  ListAccounts(request) {
    const org = requireManagement(request);
    const body = input(request.body);
    const { items, next } = page(org.members, body.NextToken, body.MaxResults, 20, 'accounts');
    return json({ Accounts: items.map(member => accountShape(org, member)), NextToken: next });
  },
  ListAccountsForParent(request) {
    const org = requireManagement(request);
    const body = input(request.body);
    const parentId = requireParent(org, body.ParentId);
    const { items, next } = page(org.members.filter(m => m.parentId === parentId), body.NextToken, body.MaxResults, 20, 'parent-accounts');
    return json({ Accounts: items.map(member => accountShape(org, member)), NextToken: next });
  },
  ListOrganizationalUnitsForParent(request) {
    const org = requireManagement(request);
    const body = input(request.body);
    const parentId = requireParent(org, body.ParentId);
    const { items, next } = page(org.units.filter(u => u.parentId === parentId), body.NextToken, body.MaxResults, 20, 'units');
    return json({ OrganizationalUnits: items.map(u => ({ Id: u.id, Arn: unitArn(org, u.id), Name: u.name })), NextToken: next });
  },
  ListChildren(request) {
    const org = requireManagement(request);
    const body = input(request.body);
    const parentId = requireParent(org, body.ParentId);
    const children = body.ChildType === 'ACCOUNT'
      ? org.members.filter(m => m.parentId === parentId).map(m => ({ Id: m.accountId, Type: 'ACCOUNT' }))
      : body.ChildType === 'ORGANIZATIONAL_UNIT'
        ? org.units.filter(u => u.parentId === parentId).map(u => ({ Id: u.id, Type: 'ORGANIZATIONAL_UNIT' }))
        : undefined;
    if (!children) throw new SandboxError(400, 'InvalidInputException', 'ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.');
    const { items, next } = page(children, body.NextToken, body.MaxResults, 20, 'children');
    return json({ Children: items, NextToken: next });
  },
  ListParents(request) {
    const org = requireManagement(request);
    const childId = input(request.body).ChildId;
    const parentId = org.members.find(m => m.accountId === childId)?.parentId ?? org.units.find(u => u.id === childId)?.parentId;
    if (!parentId) throw new SandboxError(400, 'ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.');
    return json({ Parents: [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
  },
};

// ---- Account API ListRegions (restJson1) ----------------------------------------------------------------

const ACCOUNT: Record<string, Handler> = {
  ListRegions(request) {
    const body = input(request.body);
    const accountId = typeof body.AccountId === 'string' ? body.AccountId : request.caller.accountId;
    const org = request.context.organization;
    // Another account's regions need the management account (or a delegated administrator).
    if (accountId !== request.caller.accountId && request.caller.accountId !== org.managementAccountId) {
      throw new SandboxError(403, 'AccessDeniedException', `User is not authorized to perform: account:ListRegions on account ${accountId}.`);
    }
    const account = request.context.accounts.find(a => a.accountId === accountId);
    if (!account) throw new SandboxError(404, 'ResourceNotFoundException', `The account ${accountId} was not found.`);
    const wanted = Array.isArray(body.RegionOptStatusContains) ? (body.RegionOptStatusContains as string[]) : undefined;
    const regions = regionStatuses(account).filter(region => !wanted || wanted.includes(region.RegionOptStatus));
    const { items, next } = page(regions, body.NextToken, body.MaxResults, 50, 'regions');
    return json({ Regions: items, NextToken: next }, 'application/json');
  },
};

// ---- STS (awsQuery, XML) --------------------------------------------------------------------------------

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const xml = (body: string): HttpReply => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });

const STS: Record<string, Handler> = {
  AssumeRole(request) {
    const form = new URLSearchParams(request.body);
    const roleArn = form.get('RoleArn') ?? '';
    const session = form.get('RoleSessionName') ?? '';
    const match = ROLE_ARN.exec(roleArn);
    if (!match || !/^[\w+=,.@-]{2,64}$/.test(session)) {
      throw new SandboxError(400, 'ValidationError', `RoleArn ${roleArn || '(none)'} or RoleSessionName ${session || '(none)'} is not valid.`);
    }
    const [, partition, accountId, roleName] = match;
    const { organization } = request.context;
    const inOrganization = (id: string) => organization.members.some(m => m.accountId === id);
    const trusted = roleName === organization.memberRoleName && inOrganization(accountId) && inOrganization(request.caller.accountId);
    if (!trusted) {
      throw new SandboxError(403, 'AccessDenied', `User: arn:${partition}:iam::${request.caller.accountId}:user/backstage is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const accessKeyId = `ASIASBX${randomBytes(7).toString('hex').toUpperCase()}`;
    request.state.addTemporaryKey(accessKeyId, accountId);
    const expiration = new Date(request.state.clock() + 3600_000).toISOString();
    return xml(
      `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey><SessionToken>${randomBytes(32).toString('base64')}</SessionToken>` +
        `<Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASANDBOX${accountId}:${session}</AssumedRoleId>` +
        `<Arn>arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${session}</Arn></AssumedRoleUser></AssumeRoleResult>` +
        `<ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  },
  GetCallerIdentity(request) {
    const { accountId } = request.caller;
    return xml(
      `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${accountId}:user/backstage</Arn>` +
        `<UserId>AIDASANDBOX${accountId}</UserId><Account>${accountId}</Account></GetCallerIdentityResult>` +
        `<ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  },
};

const IAM: Record<string, Handler> = {
  SimulatePrincipalPolicy: request => simulatePrincipalPolicy(request.state, request.caller, request.body),
  PutRolePolicy: request => putRolePolicy(request.state, request.caller, request.body),
};

const HANDLERS: Record<GlobalService, Record<string, Handler>> = { organizations: ORGANIZATIONS, account: ACCOUNT, sts: STS, iam: IAM };

/** The awsQuery services answer errors in XML, each in its own namespace. */
const QUERY_NAMESPACES: Partial<Record<GlobalService, string>> = { sts: STS_NS, iam: IAM_NS };

// ---- errors, in each protocol's shape -------------------------------------------------------------------

function globalFailure(service: GlobalService, kind: InjectedFailure, accountId: string, operation: string): SandboxError {
  if (kind === 'ServiceUnavailable') return new SandboxError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request later.');
  if (kind === 'TooManyRequestsException') {
    const retry = { 'retry-after': '1' };
    if (service === 'sts' || service === 'iam') return new SandboxError(400, 'Throttling', 'Rate exceeded', retry);
    return new SandboxError(service === 'account' ? 429 : 400, 'TooManyRequestsException', 'AWS throttled the request; try again later.', retry);
  }
  const message = `User: arn:aws:iam::${accountId}:user/backstage is not authorized to perform: ${operation}`;
  return service === 'sts' || service === 'iam' ? new SandboxError(403, 'AccessDenied', message) : new SandboxError(service === 'account' ? 403 : 400, 'AccessDeniedException', message);
}

function errorReply(service: GlobalService, error: SandboxError): HttpReply {
  const namespace = QUERY_NAMESPACES[service];
  if (namespace) {
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', ...error.headers },
      body: `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': service === 'organizations' ? JSON_1_1 : 'application/json', 'x-amzn-errortype': error.code, ...error.headers },
    body: JSON.stringify({ __type: error.code, Message: error.message, message: error.message }),
  };
}
