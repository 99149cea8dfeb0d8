import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  parliamentProblems,
  renderPolicies,
  trustProblems,
  wildcardProblems,
  type RenderedPolicy,
} from '../terraform/policies.js';
import { REPOSITORY } from '../terraform/tools.js';

const POLICIES = join(REPOSITORY, 'policies');

describe('IAM policies (policies/*.json.tpl rendered as Terraform renders them)', function () {
  this.timeout(120_000);
  let policies: RenderedPolicy[];

  before(function () {
    policies = renderPolicies(POLICIES);
  });

  it('has one execution policy per function workspace, the trust policies and the secret resource policy', function () {
    // Assess
    expect(policies.map((policy) => policy.template)).to.include.members([
      'list-accounts.json.tpl',
      'generate-report.json.tpl',
      'download-report.json.tpl',
      'initialise-table.json.tpl',
      'generate-findings.json.tpl',
      'retrieve-users-to-remediate.json.tpl',
      'summarise-run.json.tpl',
      'state-machine.json.tpl',
      'schedule.json.tpl',
      'member-role.json.tpl',
      'trust-lambda.json.tpl',
      'trust-states.json.tpl',
      'trust-events.json.tpl',
      'trust-member-role.json.tpl',
      'secret-resource-policy.json.tpl',
    ]);
  });

  it('allows no wildcard action, and "*" resources only where the Sid says the actions take no other', function () {
    expect(wildcardProblems(POLICIES, policies)).to.deep.equal([]);
  });

  it('trusts only named principals, for sts:AssumeRole, under a condition', function () {
    expect(trustProblems(POLICIES, policies)).to.deep.equal([]);
  });

  it('gives the member role exactly the IAM calls the functions make', function () {
    // Assess
    const memberRole = policies.find((policy) => policy.template === 'member-role.json.tpl');
    const actions = memberRole?.document.Statement.flatMap((statement) => statement.Action ?? []);
    expect(actions).to.have.members(['iam:GenerateCredentialReport', 'iam:GetCredentialReport']);
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
});
