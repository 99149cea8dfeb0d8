// Builds an Organization in a moto server for the integration tests of the three account functions.
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { memberIamClients, type ClientOverrides } from '@credential-tracker/core/aws';
import { MEMBER_ROLE_NAMES, memberRoleTrustPolicy, type MemberRoleKind } from './member-trust.js';
import { MOTO_CREDENTIALS } from './moto-server.js';

export const MANAGEMENT_ACCOUNT = '123456789012';

// S3 needs no forcePathStyle: the SDK addresses buckets by path on an IP endpoint.
export const motoOverrides = (endpoint: string): ClientOverrides => ({
  endpoint,
  region: 'us-east-1',
  credentials: MOTO_CREDENTIALS,
});

export interface MemberAccountSpec {
  readonly name: string;
  /** Name of the OU (see `ous`) the account is moved into; the root when absent. */
  readonly ou?: string;
  /** IAM users created in the account (every account needs one: moto's reports have no root row). */
  readonly users: readonly string[];
}

export interface OrganizationSpec {
  /** OU name -> parent OU name (undefined: under the root). Listed parents first. */
  readonly ous: Readonly<Record<string, string | undefined>>;
  readonly accounts: readonly MemberAccountSpec[];
}

export interface MotoOrganization {
  readonly rootId: string;
  readonly ouIds: Readonly<Record<string, string>>;
  /** Account name -> id. */
  readonly accountIds: Readonly<Record<string, string>>;
}

/**
 * Creates the Organization, its OUs and member accounts, and in each member account (through
 * credentials of an assumed role there, which is how moto switches accounts) the two member roles as
 * Terraform makes them (the collector trusted by the report's, the inventory's and the export's
 * functions, the remediation role by the remediate-findings-* functions, in the management account),
 * the users and one access key per user. moto lets any role be assumed, created or not, whatever its
 * trust policy: a missing member role, or a function assuming the other role, cannot be refused here
 * (the unit tests cover AssumeMemberRoleError; trustAllows judges the trust documents moto holds).
 */
export async function createMotoOrganization(
  endpoint: string,
  spec: OrganizationSpec,
): Promise<MotoOrganization> {
  const overrides = motoOverrides(endpoint);
  const organizations = new OrganizationsClient(overrides);
  const sts = new STSClient(overrides);
  // Any role ARN switches moto into its account; the setup role is not the member role under test.
  const setupIamFor = memberIamClients(sts, { roleName: 'OrganizationAccountAccessRole' }, overrides);

  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string;

  const ouIds: Record<string, string> = {};
  for (const [name, parent] of Object.entries(spec.ous)) {
    const created = await organizations.send(
      new CreateOrganizationalUnitCommand({ ParentId: parent ? ouIds[parent] : rootId, Name: name }),
    );
    ouIds[name] = created.OrganizationalUnit?.Id as string;
  }

  const accountIds: Record<string, string> = {};
  for (const account of spec.accounts) {
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: account.name, Email: `${account.name}@example.com` }),
    );
    const accountId = created.CreateAccountStatus?.AccountId as string;
    accountIds[account.name] = accountId;
    if (account.ou) {
      await organizations.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: rootId,
          DestinationParentId: ouIds[account.ou],
        }),
      );
    }

    const iam = await setupIamFor(accountId);
    for (const [kind, roleName] of Object.entries(MEMBER_ROLE_NAMES) as [MemberRoleKind, string][]) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: memberRoleTrustPolicy(kind, MANAGEMENT_ACCOUNT),
        }),
      );
    }
    for (const user of account.users) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateAccessKeyCommand({ UserName: user }));
    }
    iam.destroy();
  }
  organizations.destroy();
  sts.destroy();
  return { rootId, ouIds, accountIds };
}
