import { readFileSync } from 'node:fs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { assumeMemberRole, memberIamClients } from '@credential-tracker/core/aws';
import { renderTemplate } from '@credential-tracker/state-machine';
import { expect } from 'chai';
import {
  COLLECTOR_ROLE_NAME,
  createMotoOrganization,
  MANAGEMENT_ACCOUNT,
  MEMBER_ROLE_NAMES,
  memberRoleTrustPolicy,
  motoOverrides,
  REMEDIATION_ROLE_NAME,
  trackerFunctionRoleArn,
  TRUSTED_FUNCTIONS,
  trustAllows,
  useMotoSuite,
  type MemberRoleKind,
} from '../src/index.js';

const KINDS = Object.keys(MEMBER_ROLE_NAMES) as MemberRoleKind[];
const EVERY_FUNCTION = KINDS.flatMap((kind) => TRUSTED_FUNCTIONS[kind]);
const FROM_THE_TRACKER = { 'aws:PrincipalAccount': MANAGEMENT_ACCOUNT };

describe('member roles: a collector and a remediation role, each trusted by its own functions', () => {
  it('derive both names from the layer default within IAM 64-character limit', () => {
    expect(MEMBER_ROLE_NAMES).to.deep.equal({
      collector: 'credential-tracker-member-collector',
      remediation: 'credential-tracker-member-remediation',
    });
    for (const name of Object.values(MEMBER_ROLE_NAMES)) expect(name.length).to.be.at.most(64);
  });

  it("match the Terraform trust template (policies/trust-member-role.json.tpl) with the layer's condition", () => {
    // Prepare: the template rendered as modules/aws/member-role renders it, without an external id.
    const template = readFileSync(
      new URL('../../../policies/trust-member-role.json.tpl', import.meta.url),
      'utf8',
    );
    for (const kind of KINDS) {
      const rendered = renderTemplate(template, {
        tracker_role_arns: JSON.stringify(
          TRUSTED_FUNCTIONS[kind].map((name) => trackerFunctionRoleArn(MANAGEMENT_ACCOUNT, name)),
        ),
        conditions: JSON.stringify({ StringEquals: { 'aws:PrincipalAccount': [MANAGEMENT_ACCOUNT] } }),
      });

      // Assess
      expect(JSON.parse(memberRoleTrustPolicy(kind, MANAGEMENT_ACCOUNT)), kind).to.deep.equal(
        JSON.parse(rendered),
      );
    }
  });

  it('refuse a principal not named, from another account, or a Deny that matches', () => {
    const generateReport = trackerFunctionRoleArn(MANAGEMENT_ACCOUNT, 'generate-report');
    const collector = memberRoleTrustPolicy('collector', MANAGEMENT_ACCOUNT);
    expect(trustAllows(collector, generateReport, FROM_THE_TRACKER)).to.equal(true);
    expect(trustAllows(collector, generateReport, {})).to.equal(false);
    expect(trustAllows(collector, generateReport, { 'aws:PrincipalAccount': '999999999999' })).to.equal(
      false,
    );
    expect(trustAllows(collector, `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root`, FROM_THE_TRACKER)).to.equal(
      false,
    );
    const denied = JSON.parse(collector) as { Statement: object[] };
    denied.Statement.push({ Effect: 'Deny', Principal: { AWS: generateReport }, Action: 'sts:AssumeRole' });
    expect(trustAllows(JSON.stringify(denied), generateReport, FROM_THE_TRACKER)).to.equal(false);
  });

  describe('in moto', () => {
    const moto = useMotoSuite();

    it('are both created in every member account, each trusting only its own functions', async () => {
      // Prepare
      const organization = await createMotoOrganization(moto.endpoint, {
        ous: {},
        accounts: [{ name: 'workloads', users: ['alice'] }],
      });
      const accountId = organization.accountIds.workloads as string;
      const sts = new STSClient(motoOverrides(moto.endpoint));
      const iam = await memberIamClients(
        sts,
        { roleName: 'OrganizationAccountAccessRole' },
        motoOverrides(moto.endpoint),
      )(accountId);

      try {
        for (const kind of KINDS) {
          // Act: the trust policy moto holds for the role.
          const role = await iam.send(new GetRoleCommand({ RoleName: MEMBER_ROLE_NAMES[kind] }));
          const document = role.Role?.AssumeRolePolicyDocument as string;

          // Assess: a collector function is refused the remediation role, and the other way round.
          for (const name of EVERY_FUNCTION) {
            expect(
              trustAllows(document, trackerFunctionRoleArn(MANAGEMENT_ACCOUNT, name), FROM_THE_TRACKER),
              `${MEMBER_ROLE_NAMES[kind]} trusts ${name}`,
            ).to.equal(TRUSTED_FUNCTIONS[kind].includes(name));
          }
        }
      } finally {
        iam.destroy();
      }
      sts.destroy();
    });

    it('does not enforce a trust policy on AssumeRole, which is why the documents are judged above', async () => {
      // Prepare: the test's own credentials, no tracker function's role, which neither role trusts.
      const organization = await createMotoOrganization(moto.endpoint, {
        ous: {},
        accounts: [{ name: 'workloads', users: ['alice'] }],
      });
      const accountId = organization.accountIds.workloads as string;
      const sts = new STSClient(motoOverrides(moto.endpoint));

      try {
        // Act: AWS would refuse both (AccessDenied); moto 5 hands out credentials for either.
        for (const roleName of [COLLECTOR_ROLE_NAME, REMEDIATION_ROLE_NAME]) {
          const credentials = await assumeMemberRole(sts, accountId, { roleName });

          // Assess: if this ever fails, moto enforces trust, and the helpers can assume as each function.
          expect(credentials.accessKeyId, roleName).to.be.a('string').and.not.be.empty;
        }
      } finally {
        sts.destroy();
      }
    });
  });
});
