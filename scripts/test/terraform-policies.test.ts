import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { INVENTORY_PERMISSIONS, memberAccountPermissions } from '@credential-tracker/core/aws';
import {
  CREDENTIAL_REPORT_ACTIONS,
  memberRoleActions,
  memberRolePolicyProblems,
  memberRoleSecurityHubPolicyProblems,
  memberRoleWiringProblems,
  parliamentProblems,
  renderPolicies,
  trustProblems,
  wildcardProblems,
  type RenderedPolicy,
} from '../terraform/policies.js';
import { REPOSITORY } from '../terraform/tools.js';

const POLICIES = join(REPOSITORY, 'policies');
const LAYER = join('modules', 'layers', 'credential-tracker');

describe('IAM policies (policies/*.json.tpl rendered as Terraform renders them)', function () {
  this.timeout(120_000);
  let policies: RenderedPolicy[];

  before(function () {
    policies = renderPolicies(POLICIES);
  });

  it("has one execution policy per function workspace and the trust policies (the secret resource policy is the code's: rotatedKeySecretPolicyDocument)", function () {
    // Assess
    expect(policies.map((policy) => policy.template)).to.include.members([
      'list-accounts.json.tpl',
      'generate-report.json.tpl',
      'download-report.json.tpl',
      'collect-inventory.json.tpl',
      'initialise-table.json.tpl',
      'generate-findings.json.tpl',
      'retrieve-users-to-remediate.json.tpl',
      'summarise-run.json.tpl',
      'remediate-findings-ak-rotation.json.tpl',
      'remediate-findings-ak-usage.json.tpl',
      'remediate-findings-cert-rotation.json.tpl',
      'remediate-findings-cred-usage.json.tpl',
      'remediate-findings-review-revoke.json.tpl',
      'state-machine.json.tpl',
      'schedule.json.tpl',
      'member-role-collector.json.tpl',
      'member-role-remediation.json.tpl',
      'member-role-security-hub.json.tpl',
      'export-findings.json.tpl',
      'trust-lambda.json.tpl',
      'trust-states.json.tpl',
      'trust-events.json.tpl',
      'trust-member-role.json.tpl',
    ]);
  });

  it('allows no wildcard action, and "*" resources only where the Sid says the actions take no other', function () {
    expect(wildcardProblems(POLICIES, policies)).to.deep.equal([]);
  });

  it("leaves the functions' logs and X-Ray traces to modules/aws/lambda-function, which grants them from its own log group", function () {
    // Assess: the state machine's log delivery and traces are its own (no Lambda log group there).
    const granting = policies
      .filter((policy) => policy.template !== 'state-machine.json.tpl')
      .filter((policy) => /"(logs|xray):/.test(policy.text))
      .map((policy) => policy.template);
    expect(granting).to.deep.equal([]);
  });

  it('trusts only named principals, for sts:AssumeRole, under a condition', function () {
    expect(trustProblems(POLICIES, policies)).to.deep.equal([]);
  });

  it("gives the read-only collector role exactly the report's and the inventory's calls", function () {
    // Assess: the declaration is what the check reads, and the policy matches it.
    expect(memberRoleActions('collector')).to.deep.equal(
      [...new Set([...CREDENTIAL_REPORT_ACTIONS, ...INVENTORY_PERMISSIONS])].sort(),
    );
    expect(memberRolePolicyProblems(POLICIES, policies, 'collector')).to.deep.equal([]);
  });

  it('gives the remediation role exactly the calls the remediations make (memberAccountPermissions)', function () {
    // Assess
    expect(memberRoleActions('remediation')).to.deep.equal(
      [
        ...new Set([
          ...memberAccountPermissions('ak-rotation'),
          ...memberAccountPermissions('ak-usage'),
          ...memberAccountPermissions('cert-rotation'),
          ...memberAccountPermissions('cred-usage'),
          ...memberAccountPermissions('review-revoke'),
        ]),
      ].sort(),
    );
    expect(memberRolePolicyProblems(POLICIES, policies, 'remediation')).to.deep.equal([]);
  });

  it('lets each function assume only its own member role, under the condition, and each role trust only its functions', function () {
    expect(memberRoleWiringProblems(join(REPOSITORY, LAYER))).to.deep.equal([]);
  });

  it("gives the collector role's Security Hub statements exactly export-findings' calls, on its own hub and product", function () {
    expect(memberRoleSecurityHubPolicyProblems(POLICIES, policies)).to.deep.equal([]);
  });

  it('has no parliament finding', async function () {
    expect(await parliamentProblems(POLICIES, policies)).to.deep.equal([]);
  });

  describe('on a broken copy', function () {
    let root: string;

    beforeEach(async function () {
      root = await mkdtemp(join(tmpdir(), 'ct-policies-'));
      await cp(POLICIES, join(root, 'policies'), { recursive: true });
    });

    afterEach(async function () {
      await rm(root, { recursive: true, force: true });
    });

    async function edit(template: string, change: (text: string) => string): Promise<void> {
      const file = join(root, 'policies', template);
      const before = await readFile(file, 'utf8');
      const after = change(before);
      expect(after, `the edit of ${template} changed nothing`).to.not.equal(before);
      await writeFile(file, after);
    }

    it('names the file and line of a "*" action', async function () {
      // Prepare
      const file = join(root, 'policies', 'summarise-run.json.tpl');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('"Action": "sns:Publish"', '"Action": "*"'),
      );
      const broken = renderPolicies(join(root, 'policies'));

      // Act
      const problems = wildcardProblems(join(root, 'policies'), broken);

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^policies\/summarise-run\.json\.tpl:\d+: action \* has a wildcard/);
    });

    it('reports what parliament finds in a policy, naming the file', async function () {
      // Prepare: an action that does not exist and a resource of the wrong service.
      const file = join(root, 'policies', 'summarise-run.json.tpl');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('"Action": "sns:Publish"', '"Action": "sns:Publsh"'),
      );
      const broken = renderPolicies(join(root, 'policies')).filter(
        (p) => p.template === 'summarise-run.json.tpl',
      );

      // Act
      const problems = await parliamentProblems(join(root, 'policies'), broken);

      // Assess
      expect(problems.join('\n')).to.match(
        /^policies\/summarise-run\.json\.tpl:\d+: parliament .*UNKNOWN_ACTION/m,
      );
    });

    it('names an action the remediation role lacks and one it allows beyond the declared ones', async function () {
      // Prepare: UpdateSigningCertificate (cert-rotation) dropped, DeleteUser (called by nothing) added.
      await edit('member-role-remediation.json.tpl', (text) =>
        text
          .replace(',\n        "iam:UpdateSigningCertificate"', '')
          .replace('"iam:GetUser",', '"iam:GetUser",\n        "iam:DeleteUser",'),
      );

      // Act
      const problems = memberRolePolicyProblems(
        join(root, 'policies'),
        renderPolicies(join(root, 'policies')),
        'remediation',
      );

      // Assess
      expect(problems).to.have.length(2);
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-remediation\.json\.tpl:\d+: the remediation role allows iam:DeleteUser, which none of its functions calls/m,
      );
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-remediation\.json\.tpl:\d+: the remediation role does not allow iam:UpdateSigningCertificate/m,
      );
    });

    it('names the collector role given a write (iam:CreateAccessKey) or a remediation read', async function () {
      // Prepare: the power to mint keys for any user, and a live-state read, in the read-only role.
      await edit('member-role-collector.json.tpl', (text) =>
        text.replace(
          '"Action": "iam:ListAccessKeys"',
          '"Action": ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:GetLoginProfile"]',
        ),
      );

      // Act
      const problems = memberRolePolicyProblems(
        join(root, 'policies'),
        renderPolicies(join(root, 'policies')),
        'collector',
      );

      // Assess
      expect(problems).to.have.length(2);
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-collector\.json\.tpl:\d+: the collector role allows iam:CreateAccessKey, which none of its functions calls/m,
      );
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-collector\.json\.tpl:\d+: the collector role allows iam:GetLoginProfile/m,
      );
    });

    it('names the collector role that lacks a report call', async function () {
      // Prepare
      await edit('member-role-collector.json.tpl', (text) =>
        text.replace(
          '["iam:GenerateCredentialReport", "iam:GetCredentialReport"]',
          '"iam:GetCredentialReport"',
        ),
      );

      // Act
      const problems = memberRolePolicyProblems(
        join(root, 'policies'),
        renderPolicies(join(root, 'policies')),
        'collector',
      );

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^policies\/member-role-collector\.json\.tpl:\d+: the collector role does not allow iam:GenerateCredentialReport, which generate-report/,
      );
    });

    it("names the remediation role's secrets widened to any secret and its KMS use through another service", async function () {
      // Prepare
      await edit('member-role-remediation.json.tpl', (text) =>
        text
          .replace(':secret:credential-tracker/*', ':secret:*')
          .replace('"kms:ViaService": "secretsmanager.', '"kms:ViaService": "s3.'),
      );

      // Act
      const problems = memberRolePolicyProblems(
        join(root, 'policies'),
        renderPolicies(join(root, 'policies')),
        'remediation',
      );

      // Assess
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-remediation\.json\.tpl:\d+: secretsmanager:CreateSecret is allowed on .*:secret:\*: only on .*secret:credential-tracker\/\*/m,
      );
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-remediation\.json\.tpl:\d+: kms:GenerateDataKey must be allowed only through Secrets Manager/m,
      );
    });

    it("names the collector role's Security Hub statements widened to any product, or an action not declared", async function () {
      // Prepare
      await edit('member-role-security-hub.json.tpl', (text) =>
        text
          .replace(':product/${account_id}/default', ':product/*')
          .replace(
            '"Action": "securityhub:GetFindings"',
            '"Action": ["securityhub:GetFindings", "securityhub:BatchUpdateFindings"]',
          ),
      );

      // Act
      const problems = memberRoleSecurityHubPolicyProblems(
        join(root, 'policies'),
        renderPolicies(join(root, 'policies')),
      );

      // Assess
      expect(problems).to.have.length(2);
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-security-hub\.json\.tpl:\d+: securityhub:BatchImportFindings is allowed on .*:product\/\*: only on arn:aws:securityhub:REGION:ACCOUNT:product\/ACCOUNT\/default/m,
      );
      expect(problems.join('\n')).to.match(
        /^policies\/member-role-security-hub\.json\.tpl:\d+: the collector role's Security Hub statements allow securityhub:BatchUpdateFindings, which export-findings does not call/m,
      );
    });

    it('names a trust policy that trusts everyone', async function () {
      // Prepare
      const file = join(root, 'policies', 'trust-lambda.json.tpl');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('{ "Service": "lambda.amazonaws.com" }', '{ "AWS": "*" }'),
      );

      // Act
      const problems = trustProblems(join(root, 'policies'), renderPolicies(join(root, 'policies')));

      // Assess
      expect(problems.join('\n')).to.match(
        /^policies\/trust-lambda\.json\.tpl:\d+: the trusted principal must be named/,
      );
    });
  });
  describe('member role wiring on a broken copy of the tracker layer', function () {
    let layer: string;

    beforeEach(async function () {
      layer = await mkdtemp(join(tmpdir(), 'ct-member-roles-'));
      await cp(join(REPOSITORY, LAYER), layer, { recursive: true });
    });

    afterEach(async function () {
      await rm(layer, { recursive: true, force: true });
    });

    async function edit(file: string, change: (text: string) => string): Promise<void> {
      const path = join(layer, file);
      const before = await readFile(path, 'utf8');
      const after = change(before);
      expect(after, `the edit of ${file} changed nothing`).to.not.equal(before);
      await writeFile(path, after);
    }

    it('names a collector function allowed to assume the remediation role, or given its name', async function () {
      // Prepare: generate-report's policy and environment pointed at the remediation role.
      await edit('functions.tf', (text) =>
        text
          .replace(
            'generate-report.json.tpl", {\n    member_role_arn_pattern = local.member_role_arn_patterns.collector\n',
            'generate-report.json.tpl", {\n    member_role_arn_pattern = local.member_role_arn_patterns.remediation\n',
          )
          .replace(
            'environment = local.member_role_environment.collector\n',
            'environment = local.member_role_environment.remediation\n',
          ),
      );

      // Act
      const problems = memberRoleWiringProblems(layer);

      // Assess
      expect(problems).to.have.length(2);
      expect(problems.join('\n')).to.match(
        /^modules\/layers\/credential-tracker\/functions\.tf:\d+: module "generate_report" \(generate-report\) must assume only the collector role/m,
      );
      expect(problems.join('\n')).to.match(
        /^modules\/layers\/credential-tracker\/functions\.tf:\d+: module "generate_report" \(generate-report\) must get the collector role's MEMBER_ROLE_NAME/m,
      );
    });

    it('names a remediation function whose assume-role statement lost its Organization condition', async function () {
      // Prepare
      await edit('functions.tf', (text) =>
        text.replace(
          /(member_role_arn_pattern = local\.member_role_arn_patterns\.remediation\n) +member_role_condition += local\.member_role_condition\n/,
          '$1',
        ),
      );

      // Act
      const problems = memberRoleWiringProblems(layer);

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^modules\/layers\/credential-tracker\/functions\.tf:\d+: module "remediate_ak_rotation" \(remediate-findings-ak-rotation\) must assume its role under member_role_condition/,
      );
    });

    it('names the collector role trusting a remediation function', async function () {
      // Prepare: remediate-findings-ak-rotation moved from the remediation role's trust to the collector's.
      await edit('member-roles.tf', (text) =>
        text
          .replace('      module.remediate_ak_rotation.role_arn,\n', '')
          .replace(
            '      module.collect_inventory.role_arn,\n',
            '      module.collect_inventory.role_arn,\n      module.remediate_ak_rotation.role_arn,\n',
          ),
      );

      // Act
      const problems = memberRoleWiringProblems(layer);

      // Assess
      expect(problems).to.have.length(2);
      expect(problems.join('\n')).to.match(
        /^modules\/layers\/credential-tracker\/member-roles\.tf:\d+: the collector role trusts module\.remediate_ak_rotation \(remediate-findings-ak-rotation\), which assumes the remediation role/m,
      );
      expect(problems.join('\n')).to.match(
        /^modules\/layers\/credential-tracker\/member-roles\.tf:\d+: the remediation role does not trust module\.remediate_ak_rotation/m,
      );
    });
  });
});
