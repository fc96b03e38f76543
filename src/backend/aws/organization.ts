// Accounts from AWS Organizations: the organisation's active accounts (read from the management or a
// delegated-administrator account), narrowed by OU and account id, and the regions each account has
// enabled (Account API, read in the account itself through the assumed role). Pure of credentials:
// the caller passes the clients and its rate-limited, retried call.
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListRegionsCommand, type AccountClient } from '@aws-sdk/client-account';
import type { Operation } from './errors';

export interface OrganizationSelection {
  /** OU ids (ou-…) or the root id (r-…): accounts anywhere below them. */
  organizationalUnits: string[];
  accounts: string[];
}

export interface OrganizationSettings {
  /** The management or delegated-administrator account that reads AWS Organizations (credentials from aws.accounts). */
  accountId: string;
  /** The role assumed in each discovered account, from that account's credentials. */
  roleName: string;
  externalId?: string;
  /** Where the global services are called: us-east-1 in the aws partition, us-gov-west-1 in GovCloud. */
  region: string;
  /** Only these accounts (when any is given): the union of the OUs' accounts and the ids listed. */
  include: OrganizationSelection;
  /** Never these, even when included. */
  exclude: OrganizationSelection;
  /** Only these regions of each account's enabled ones; undefined = every enabled region. */
  regions?: string[];
}

export type OrganizationCall = <T>(operation: Operation, send: (signal: AbortSignal) => Promise<T>) => Promise<T>;

const LIST_ACCOUNTS = { description: 'listing the organisation\'s accounts', iamAction: 'organizations:ListAccounts' };
const LIST_UNITS = { description: 'listing organizational units', iamAction: 'organizations:ListOrganizationalUnitsForParent' };
const LIST_UNIT_ACCOUNTS = { description: 'listing the accounts of an organizational unit', iamAction: 'organizations:ListAccountsForParent' };
const LIST_REGIONS = { description: 'listing the enabled regions', iamAction: 'account:ListRegions' };

/** The accounts to scan, in the order Organizations lists them: active, included, not excluded. */
export async function memberAccounts(client: OrganizationsClient, settings: OrganizationSettings, call: OrganizationCall): Promise<string[]> {
  const active: string[] = [];
  let token: string | undefined;
  do {
    const page = await call(LIST_ACCOUNTS, signal => client.send(new ListAccountsCommand({ NextToken: token }), { abortSignal: signal }));
    // Suspended and closing accounts have no workloads to trace and cannot be assumed into.
    for (const account of page.Accounts ?? []) {
      if (account.Id && (account.State ?? account.Status) === 'ACTIVE') active.push(account.Id);
    }
    token = page.NextToken;
  } while (token);

  const { include, exclude } = settings;
  const included = include.organizationalUnits.length > 0 || include.accounts.length > 0
    ? new Set([...include.accounts, ...(await accountsBelow(client, include.organizationalUnits, call))])
    : undefined;
  const excluded = new Set([...exclude.accounts, ...(await accountsBelow(client, exclude.organizationalUnits, call))]);
  return active.filter(id => (!included || included.has(id)) && !excluded.has(id));
}

/** Every account in the given OUs and the OUs nested below them. */
async function accountsBelow(client: OrganizationsClient, parents: string[], call: OrganizationCall): Promise<string[]> {
  const accounts: string[] = [];
  const queue = [...parents];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const parentId = queue.shift()!;
    if (seen.has(parentId)) continue;
    seen.add(parentId);
    let token: string | undefined;
    do {
      const page = await call(LIST_UNIT_ACCOUNTS, signal =>
        client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }), { abortSignal: signal }));
      accounts.push(...(page.Accounts ?? []).flatMap(account => (account.Id ? [account.Id] : [])));
      token = page.NextToken;
    } while (token);
    do {
      const page = await call(LIST_UNITS, signal =>
        client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: token }), { abortSignal: signal }));
      queue.push(...(page.OrganizationalUnits ?? []).flatMap(unit => (unit.Id ? [unit.Id] : [])));
      token = page.NextToken;
    } while (token);
  }
  return accounts;
}

/** The regions enabled in the account the client signs for, narrowed to `only` when given. */
export async function enabledRegions(client: AccountClient, only: string[] | undefined, call: OrganizationCall): Promise<string[]> {
  const regions: string[] = [];
  let token: string | undefined;
  do {
    const page = await call(LIST_REGIONS, signal =>
      client.send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: token }), { abortSignal: signal }));
    regions.push(...(page.Regions ?? []).flatMap(region => (region.RegionName ? [region.RegionName] : [])));
    token = page.NextToken;
  } while (token);
  return only ? regions.filter(region => only.includes(region)) : regions;
}
