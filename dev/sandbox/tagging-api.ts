// Resource Groups Tagging API GetResources (awsJson1_1: POST / with X-Amz-Target), the bulk way to read
// every function's tags in an account-region. Like AWS, it returns only resources that carry tags.
import { SandboxError } from './errors';
import { decodeMarker, encodeMarker, json, type ApiRequest, type Route } from './routes';

export const TAGGING_TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_PER_PAGE = 100;

interface GetResourcesInput {
  ResourceTypeFilters?: string[];
  TagFilters?: Array<{ Key: string; Values?: string[] }>;
  ResourceARNList?: string[];
  ResourcesPerPage?: number;
  PaginationToken?: string;
}

export const taggingRoutes: Route[] = [
  { method: 'POST', pattern: /^\/$/, operation: 'GetResources', handle: getResources },
];

const invalidParameter = (message: string) => new SandboxError(400, 'InvalidParameterException', message);

function getResources({ caller, body, state }: ApiRequest) {
  const input: GetResourcesInput = body ?? {};
  const perPage = input.ResourcesPerPage ?? MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw invalidParameter(`ResourcesPerPage must be between 1 and ${MAX_PER_PAGE}, got ${perPage}.`);
  }
  const token = input.PaginationToken || undefined;
  const after = token === undefined ? undefined : decodeMarker('resources', token);
  if (token !== undefined && after === undefined) throw new SandboxError(400, 'PaginationTokenExpiredException', 'The pagination token is invalid or has expired.');
  if (!wantsLambdaFunctions(input.ResourceTypeFilters)) return json(200, { ResourceTagMappingList: [], PaginationToken: '' }, CONTENT_TYPE);

  const arnFilter = input.ResourceARNList && new Set(input.ResourceARNList);
  const { names, start } = state.functionNames(caller.accountId, caller.region, after);
  const mappings = [];
  let index = start;
  for (; index < names.length && mappings.length < perPage; index++) {
    const fn = state.getFunction(caller.accountId, caller.region, names[index])!;
    const tags = Object.entries(fn.tags);
    if (!tags.length || (arnFilter && !arnFilter.has(fn.config.FunctionArn!)) || !matchesTagFilters(fn.tags, input.TagFilters)) continue;
    mappings.push({ ResourceARN: fn.config.FunctionArn, Tags: tags.map(([Key, Value]) => ({ Key, Value })) });
  }
  const more = index < names.length && mappings.length === perPage;
  const next = more ? encodeMarker('resources', names[index - 1]) : '';
  return json(200, { ResourceTagMappingList: mappings, PaginationToken: next }, CONTENT_TYPE);
}

function wantsLambdaFunctions(filters: string[] | undefined): boolean {
  return !filters?.length || filters.some(filter => filter === 'lambda' || filter === 'lambda:function');
}

function matchesTagFilters(tags: Record<string, string>, filters: GetResourcesInput['TagFilters']): boolean {
  return (filters ?? []).every(({ Key, Values }) => Key in tags && (!Values?.length || Values.includes(tags[Key])));
}
