// The Lambda control-plane operations the plugin uses, in the REST (restJson1) wire format.
import { SandboxError, functionNotFound, invalidParameter, notFound, validationError } from './errors';
import { codeSizeOf, parseLayerVersionArn } from './layers';
import { decodeMarker, encodeMarker, json, partitionOf, type ApiRequest, type Route } from './routes';
import { sourceArnFor } from './seed-relations';
import { parseFunctionArn, type StoredFunction } from './state';
import { updateFunctionConfiguration } from './update';

const LIST_PAGE_LIMIT = 50;
const MAPPINGS_PAGE_DEFAULT = 100;

/** Fields ListFunctions leaves out: only GetFunction/GetFunctionConfiguration report them. */
const STATE_FIELDS = ['State', 'StateReason', 'StateReasonCode', 'LastUpdateStatus', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode'];

export const lambdaRoutes: Route[] = [
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/?$/, operation: 'ListFunctions', handle: listFunctions },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, operation: 'GetFunctionConfiguration', handle: getFunctionConfiguration },
  { method: 'PUT', pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, operation: 'UpdateFunctionConfiguration', handle: updateConfiguration },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/policy\/?$/, operation: 'GetPolicy', quota: 'GetPolicy', handle: getPolicy },
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'GetFunction', quota: 'GetFunction', handle: getFunction },
  { method: 'GET', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'ListTags', handle: listTags },
  { method: 'POST', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'TagResource', handle: tagResource },
  { method: 'DELETE', pattern: /^\/2017-03-31\/tags\/([^/]+)\/?$/, operation: 'UntagResource', handle: untagResource },
  { method: 'GET', pattern: /^\/2015-03-31\/event-source-mappings\/?$/, operation: 'ListEventSourceMappings', handle: listEventSourceMappings },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/?$/, operation: 'GetLayerVersionByArn', handle: getLayerVersionByArn },
  { method: 'GET', pattern: /^\/2018-10-31\/layers\/([^/]+)\/versions\/(\d+)\/?$/, operation: 'GetLayerVersion', handle: getLayerVersion },
];

function listFunctions({ caller, query, state }: ApiRequest) {
  const pageSize = Math.min(maxItems(query, LIST_PAGE_LIMIT), LIST_PAGE_LIMIT);
  const marker = query.get('Marker');
  const after = marker === null ? undefined : decodeMarker('functions', marker);
  if (marker !== null && after === undefined) throw invalidParameter(`Invalid Marker: ${marker}`);
  const { names, start } = state.functionNames(caller.accountId, caller.region, after);
  const page = names.slice(start, start + pageSize);
  const functions = page.map(name => listView(state.getFunction(caller.accountId, caller.region, name)!));
  const more = start + pageSize < names.length;
  return json(200, { Functions: functions, NextMarker: more ? encodeMarker('functions', page[page.length - 1]) : undefined });
}

function getFunction(request: ApiRequest) {
  const fn = resolveFunction(request, request.params[0]);
  const { config, accountId, region } = fn;
  const code =
    config.PackageType === 'Image'
      ? { RepositoryType: 'ECR', ImageUri: `${accountId}.dkr.ecr.${region}.amazonaws.com/${config.FunctionName}:latest`, ResolvedImageUri: `${accountId}.dkr.ecr.${region}.amazonaws.com/${config.FunctionName}@sha256:${Buffer.from(config.CodeSha256 ?? '', 'base64').toString('hex')}` }
      : { RepositoryType: 'S3', Location: `https://awslambda-${region}-tasks.s3.${region}.amazonaws.com/snapshots/${accountId}/${config.FunctionName}` };
  const tags = Object.keys(fn.tags).length ? fn.tags : undefined;
  return json(200, { Configuration: fullView(request, fn), Code: code, Tags: tags });
}

function getFunctionConfiguration(request: ApiRequest) {
  return json(200, fullView(request, resolveFunction(request, request.params[0])));
}

function updateConfiguration(request: ApiRequest) {
  const fn = resolveFunction(request, request.params[0]);
  updateFunctionConfiguration(request.state, fn, request.body ?? {});
  return json(200, fullView(request, fn));
}

function getPolicy(request: ApiRequest) {
  const fn = resolveFunction(request, request.params[0]);
  if (!fn.policyPrincipals.length) throw notFound('The resource you requested does not exist.');
  const partition = partitionOf(fn.region);
  const statements = fn.policyPrincipals.map((principal, index) => ({
    Sid: `${principal.split('.')[0]}-invoke-${index + 1}`,
    Effect: 'Allow',
    Principal: { Service: principal },
    Action: 'lambda:InvokeFunction',
    Resource: fn.config.FunctionArn,
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArnFor(principal, partition, fn.region, fn.accountId, fn.config.FunctionName!) } },
  }));
  return json(200, { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: fn.config.RevisionId });
}

function listTags(request: ApiRequest) {
  return json(200, { Tags: taggedFunction(request).tags });
}

function tagResource(request: ApiRequest) {
  const fn = taggedFunction(request);
  const tags: Record<string, string> = request.body?.Tags ?? {};
  const reserved = Object.keys(tags).find(key => key.toLowerCase().startsWith('aws:'));
  if (reserved) throw invalidParameter(`Tag key ${reserved} is invalid: the aws: prefix is reserved for AWS use.`);
  Object.assign(fn.tags, tags);
  return { status: 204, headers: {} };
}

function untagResource(request: ApiRequest) {
  const fn = taggedFunction(request);
  for (const key of request.query.getAll('tagKeys')) delete fn.tags[key];
  return { status: 204, headers: {} };
}

function listEventSourceMappings(request: ApiRequest) {
  const { caller, query, state } = request;
  const functionName = query.get('FunctionName');
  const functionArn = functionName === null ? undefined : resolveFunction(request, functionName).config.FunctionArn;
  const eventSourceArn = query.get('EventSourceArn');
  const matching = state
    .eventSourceMappings(caller.accountId, caller.region)
    .filter(mapping => (!functionArn || mapping.FunctionArn === functionArn) && (!eventSourceArn || mapping.EventSourceArn === eventSourceArn));
  const marker = query.get('Marker');
  const start = marker === null ? 0 : Number(decodeMarker('mappings', marker));
  if (!Number.isInteger(start) || start < 0) throw invalidParameter(`Invalid Marker: ${marker}`);
  const pageSize = maxItems(query, MAPPINGS_PAGE_DEFAULT);
  const page = matching.slice(start, start + pageSize).map(mapping => ({
    MaximumBatchingWindowInSeconds: 0,
    StateTransitionReason: 'USER_INITIATED',
    LastProcessingResult: 'No records processed',
    ...mapping,
  }));
  const next = start + pageSize < matching.length ? encodeMarker('mappings', String(start + pageSize)) : undefined;
  return json(200, { EventSourceMappings: page, NextMarker: next });
}

function getLayerVersionByArn({ query, state }: ApiRequest) {
  const arn = query.get('Arn') ?? '';
  if (query.get('find') !== 'LayerVersion' || !parseLayerVersionArn(arn)) {
    throw validationError(arn, 'arn', 'Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+');
  }
  return layerVersion(state, arn);
}

function getLayerVersion({ params, caller, state }: ApiRequest) {
  const [layer, version] = params;
  const layerArn = layer.startsWith('arn:') ? layer : `arn:${partitionOf(caller.region)}:lambda:${caller.region}:${caller.accountId}:layer:${layer}`;
  return layerVersion(state, `${layerArn}:${version}`);
}

function layerVersion(state: ApiRequest['state'], arn: string) {
  const found = state.layers.find(arn);
  if (!found) throw notFound('The resource you requested does not exist.');
  return json(200, {
    LayerArn: arn.slice(0, arn.lastIndexOf(':')),
    LayerVersionArn: arn,
    Version: found.version,
    Description: '',
    CreatedDate: '2025-01-01T00:00:00.000+0000',
    Content: { CodeSize: codeSizeOf(found.name, found.version), Location: `https://prod-layers.s3.amazonaws.com/snapshots/${found.accountId}/${found.name}` },
  });
}

/** The function named by a name, a partial ARN (<account>:function:<name>) or a full ARN, in the caller's account-region. */
function resolveFunction({ caller, state }: ApiRequest, reference: string): StoredFunction {
  const full = reference.startsWith('arn:') ? parseFunctionArn(reference) : undefined;
  const partial = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/.exec(reference);
  const plain = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/.exec(reference);
  const ref = full ?? (partial ? { accountId: partial[1], name: partial[2], qualifier: partial[3], region: caller.region } : undefined) ??
    (plain ? { accountId: caller.accountId, name: plain[1], qualifier: plain[2], region: caller.region } : undefined);
  if (!ref) {
    throw validationError(reference, 'functionName', 'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?');
  }
  if (ref.accountId !== caller.accountId) {
    throw new SandboxError(403, 'AccessDeniedException', `User: arn:aws:iam::${caller.accountId}:user/sandbox is not authorized to access resource: ${reference} (it belongs to account ${ref.accountId}; sign with that account's key)`);
  }
  if (ref.region !== caller.region) throw notFound(`Functions from '${ref.region}' are not reachable in this region ('${caller.region}')`);
  const fn = state.getFunction(ref.accountId, ref.region, ref.name);
  const arn = `arn:${partitionOf(ref.region)}:lambda:${ref.region}:${ref.accountId}:function:${ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`;
  if (!fn || (ref.qualifier && ref.qualifier !== '$LATEST')) throw functionNotFound(arn);
  return fn;
}

/** Tag operations name the function by its full ARN only. */
function taggedFunction(request: ApiRequest): StoredFunction {
  const arn = request.params[0];
  if (!parseFunctionArn(arn)) throw invalidParameter(`${arn} is not a valid ARN for a Lambda function.`);
  return resolveFunction(request, arn);
}

function fullView({ state }: ApiRequest, fn: StoredFunction) {
  return { ...fn.config, State: 'Active', LastUpdateStatus: state.lastUpdateStatus(fn) };
}

function listView(fn: StoredFunction) {
  const view: Record<string, unknown> = { ...fn.config };
  for (const field of STATE_FIELDS) delete view[field];
  return view;
}

function maxItems(query: URLSearchParams, fallback: number): number {
  const raw = query.get('MaxItems');
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10000) {
    throw validationError(raw, 'maxItems', 'Member must have value less than or equal to 10000, Member must have value greater than or equal to 1');
  }
  return value;
}
