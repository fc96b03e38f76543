// The sandbox organisation as AWS Organizations sees it: the seed's commercial accounts under a root and
// organizational units, the first account as management account, and the regions each account has
// enabled. Derived from the seed accounts, so Organizations, the Account API and the Lambda data agree.
// GovCloud accounts belong to an organisation of their own partition, so they are not members here.
import type { SeedAccount } from './seed';

export interface OrganizationUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface OrganizationMember {
  accountId: string;
  name: string;
  email: string;
  parentId: string;
  /** Seconds since the epoch, as awsJson sends timestamps. */
  joined: number;
}

export interface SandboxOrganization {
  id: string;
  rootId: string;
  managementAccountId: string;
  units: OrganizationUnit[];
  members: OrganizationMember[];
  /** The role the plugin may assume in every member account (STS AssumeRole). */
  memberRoleName: string;
}

export const ORGANIZATION_ID = 'o-sandbox0001';
export const ROOT_ID = 'r-sbx0';
export const MEMBER_ROLE_NAME = 'ServerlessTracingReader';

/** Opt-in regions: AWS reports them ENABLED once opted in, the others ENABLED_BY_DEFAULT. */
const OPT_IN_REGIONS = new Set(['af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1']);
/** Opt-in regions no sandbox account has enabled: ListRegions lists them DISABLED, as AWS does. */
const DISABLED_REGIONS = ['me-central-1', 'ap-south-2'];

const unit = (slug: string, name: string, parentId: string): OrganizationUnit => ({ id: `ou-sbx0-${slug}`, name, parentId });

/**
 * Production holds a nested Payments unit (so OU filters must walk down), Development the dev accounts;
 * generated fleet accounts (bench) are spread over four Fleet units under Production.
 */
export function organizationOf(accounts: SeedAccount[], memberRoleName = MEMBER_ROLE_NAME): SandboxOrganization {
  const production = unit('prod0001', 'Production', ROOT_ID);
  const payments = unit('paym0001', 'Payments', production.id);
  const development = unit('devl0001', 'Development', ROOT_ID);
  const fleet = [0, 1, 2, 3].map(n => unit(`flet000${n}`, `Fleet-${n}`, production.id));
  const commercial = accounts.filter(account => !account.regions.some(region => region.startsWith('us-gov-')));
  const members = commercial.map((account, index): OrganizationMember => ({
    accountId: account.accountId,
    name: account.name,
    email: `aws+${account.name}@example.com`,
    parentId: account.name.startsWith('fleet-')
      ? fleet[index % fleet.length].id
      : account.name.includes('payments') ? payments.id : account.name.endsWith('-dev') ? development.id : production.id,
    joined: 1_704_067_200 + index * 86_400,
  }));
  return {
    id: ORGANIZATION_ID,
    rootId: ROOT_ID,
    managementAccountId: commercial[0]?.accountId ?? '',
    units: [production, payments, development, ...fleet],
    members,
    memberRoleName,
  };
}

export interface RegionStatus {
  RegionName: string;
  RegionOptStatus: 'ENABLED' | 'ENABLED_BY_DEFAULT' | 'DISABLED';
}

/** What the Account API's ListRegions reports for an account: its seed regions enabled, some opt-ins not. */
export function regionStatuses(account: SeedAccount): RegionStatus[] {
  const enabled = account.regions.map((region): RegionStatus => ({ RegionName: region, RegionOptStatus: OPT_IN_REGIONS.has(region) ? 'ENABLED' : 'ENABLED_BY_DEFAULT' }));
  const disabled = DISABLED_REGIONS.filter(region => !account.regions.includes(region)).map((region): RegionStatus => ({ RegionName: region, RegionOptStatus: 'DISABLED' }));
  return [...enabled, ...disabled].sort((a, b) => a.RegionName.localeCompare(b.RegionName));
}
