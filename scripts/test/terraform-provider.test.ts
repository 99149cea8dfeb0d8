// The Terraform with the real hashicorp/aws provider (from the machine's filesystem mirror): every
// root validated against the provider's schema, environments/dev applied to moto, planned again and
// destroyed, and prod's values applied with organization scope to a moto Organization. Temporary
// copies only (scripts/terraform/provider.ts). Without the mirror, the suite is skipped with one line.
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { collectInventorySettingsSchema } from '../../functions/collect-inventory/src/handler.js';
import { downloadReportSettingsSchema } from '../../functions/download-report/src/handler.js';
import { generateFindingsSettingsSchema } from '../../functions/generate-findings/src/handler.js';
import { generateReportSettingsSchema } from '../../functions/generate-report/src/handler.js';
import { generateReviewSettingsSchema } from '../../functions/generate-review/src/settings.js';
import { initialiseTableSettingsSchema } from '../../functions/initialise-table/src/handler.js';
import { listAccountsSettingsSchema } from '../../functions/list-accounts/src/settings.js';
import { retrieveUsersSettingsSchema } from '../../functions/retrieve-users-to-remediate/src/handler.js';
import { summariseRunSettingsSchema } from '../../functions/summarise-run/src/handler.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  MOTO_CREDENTIALS,
  startMotoGapProxy,
  startMotoServer,
  type MotoGapProxy,
  type MotoServer,
} from '@credential-tracker/testing';
import {
  findProviderMirror,
  motoOverride,
  plannedChanges,
  succeeded,
  terraformWorkspace,
  type PlannedChange,
  type TerraformWorkspace,
} from '../terraform/provider.js';
import type { ToolResult } from '../terraform/tools.js';

/** The region of every root's terraform.tfvars (variables.tf default). */
const REGION = 'eu-west-1';

const ROOTS = [
  'environments/dev',
  'environments/stage',
  'environments/prod',
  'modules/layers/member-account',
];

/**
 * What a plan right after the apply still changes against moto, and why: moto's GetFunction returns
 * no LoggingConfig, so every function's logging_config (JSON logs to its own log group) is planned
 * again. Nothing else may differ.
 */
const MOTO_KNOWN_GAPS: readonly { readonly type: string; readonly attributes: readonly string[] }[] = [
  { type: 'aws_lambda_function', attributes: ['logging_config'] },
];

/** The settings each handler parses from its environment, by the function's name after NAME-. */
const SETTINGS_SCHEMAS: readonly (readonly [
  RegExp,
  { safeParse(value: unknown): { success: boolean; error?: unknown } },
])[] = [
  [/-list-accounts$/, listAccountsSettingsSchema],
  [/-generate-report$/, generateReportSettingsSchema],
  [/-download-report$/, downloadReportSettingsSchema],
  [/-collect-inventory$/, collectInventorySettingsSchema],
  [/-initialise-table$/, initialiseTableSettingsSchema],
  [/-finding-[a-z0-9-]+$/, generateFindingsSettingsSchema],
  [/-retrieve-users-to-remediate$/, retrieveUsersSettingsSchema],
  [/-summarise-run$/, summariseRunSettingsSchema],
  [/-generate-review$/, generateReviewSettingsSchema],
];

const mirror = findProviderMirror();

/**
 * One call to moto in the region of the roots' terraform.tfvars, without an SDK client (the project
 * has none for Lambda or Step Functions): moto checks no signature, it reads the region from the
 * Authorization header's credential scope.
 */
async function motoCall(
  endpoint: string,
  service: 'lambda' | 'states',
  request: { path?: string; target?: string; body?: unknown },
): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint}${request.path ?? '/'}`, {
    method: request.target === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      ...(request.target === undefined
        ? {}
        : { 'x-amz-target': request.target, 'content-type': 'application/x-amz-json-1.0' }),
    },
    ...(request.target === undefined ? {} : { body: JSON.stringify(request.body ?? {}) }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`moto ${service} ${request.target ?? request.path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function tofuOk(
  workspace: TerraformWorkspace,
  root: string,
  args: readonly string[],
): Promise<ToolResult> {
  const [command = '', ...rest] = args;
  // -no-color is an option of each command (and of none of `state`'s subcommands).
  const options = command === 'state' ? [] : ['-no-color'];
  return succeeded(await workspace.tofu(root, [command, ...options, ...rest]), `tofu ${command} in ${root}`);
}

async function init(workspace: TerraformWorkspace, root: string, backend: boolean): Promise<void> {
  await tofuOk(workspace, root, ['init', '-input=false', ...(backend ? [] : ['-backend=false'])]);
}

interface MotoTarget {
  readonly moto: MotoServer;
  readonly proxy: MotoGapProxy;
}

async function motoTarget(): Promise<MotoTarget> {
  const moto = await startMotoServer();
  const proxy = await startMotoGapProxy({ target: moto.endpoint });
  return { moto, proxy };
}

const sdk = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });

describe('Terraform with the real hashicorp/aws provider (mirror; moto)', function () {
  this.timeout(600_000);
  let workspace: TerraformWorkspace | undefined;
  const started = (): TerraformWorkspace => {
    if (workspace === undefined) throw new Error('no Terraform workspace');
    return workspace;
  };

  before(async function () {
    if (typeof mirror === 'string') {
      console.log(`      skipped: the Terraform provider tests need the hashicorp/aws provider: ${mirror}`);
      this.skip();
    }
    workspace = await terraformWorkspace(mirror);
  });

  after(async function () {
    await workspace?.remove();
  });

  describe('tofu validate', function () {
    const validated = new Map<string, Promise<ToolResult>>();

    before(function () {
      // All four at once: each is mostly the provider loading its schema.
      for (const root of ROOTS) {
        const result = init(started(), root, false).then(() => tofuOk(started(), root, ['validate']));
        result.catch(() => undefined);
        validated.set(root, result);
      }
    });

    for (const root of ROOTS) {
      it(`validates ${root} against the provider's schema`, async function () {
        const result = await validated.get(root);
        expect(result?.stdout).to.contain('Success! The configuration is valid.');
      });
    }
  });

  describe('apply against moto', function () {
    const targets: MotoTarget[] = [];
    let devApply: Promise<ToolResult>;
    let prodApply: Promise<ToolResult>;
    let organization: { id: string; rootId: string; members: string[] };

    before(async function () {
      const ws = started();
      const [dev, prod] = await Promise.all([motoTarget(), motoTarget()]);
      targets.push(dev, prod);

      // prod: a moto Organization with two member accounts; the StackSet rolls the member roles out to its root.
      const organizations = new OrganizationsClient(sdk(prod.moto.endpoint));
      const created = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string;
      const members: string[] = [];
      for (const name of ['member-a', 'member-b']) {
        const account = await organizations.send(
          new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
        );
        members.push(account.CreateAccountStatus?.AccountId as string);
      }
      organizations.destroy();
      organization = { id: created.Organization?.Id as string, rootId, members };

      const distDir = `dist_dir = "${ws.distDir}"`;
      await writeFile(
        join(ws.root, 'environments/dev/moto_override.tf'),
        motoOverride(dev.proxy.endpoint, [distDir]),
      );
      await writeFile(
        join(ws.root, 'environments/prod/moto_override.tf'),
        motoOverride(prod.proxy.endpoint, [
          distDir,
          `organization_id = "${organization.id}"`,
          `member_role_stackset = { organizational_unit_ids = ["${rootId}"] }`,
        ]),
      );
      // Both at once: most of an apply is the provider creating the functions one at a time.
      const apply = async (root: string) => {
        await init(ws, root, true);
        return ws.tofu(root, ['apply', '-no-color', '-auto-approve', '-input=false']);
      };
      devApply = apply('environments/dev');
      prodApply = apply('environments/prod');
      // Neither rejection may go unhandled while the other is awaited.
      devApply.catch(() => undefined);
      prodApply.catch(() => undefined);
    });

    after(async function () {
      await Promise.allSettled([devApply, prodApply]);
      for (const { moto, proxy } of targets) {
        await proxy.stop();
        await moto.stop();
      }
    });

    it('applies environments/dev (single account), the proxy answering what moto lacks', async function () {
      succeeded(await devApply, 'tofu apply of environments/dev');
      const [dev] = targets;
      expect(dev?.proxy.answered()).to.include.keys(
        'AWSStepFunctions.ValidateStateMachineDefinition',
        'AWSStepFunctions.ListStateMachineVersions',
      );
    });

    it("plans no change after the apply but moto's known gaps", async function () {
      const ws = started();
      succeeded(await devApply, 'tofu apply of environments/dev');
      await tofuOk(ws, 'environments/dev', ['plan', '-input=false', '-out=after-apply.tfplan']);
      const show = await tofuOk(ws, 'environments/dev', ['show', '-json', 'after-apply.tfplan']);
      const changes = plannedChanges(show.stdout);
      const state = await tofuOk(ws, 'environments/dev', ['state', 'list']);
      const functions = state.stdout.split('\n').filter((line) => line.endsWith('aws_lambda_function.this'));

      const unexpected = changes.filter(
        (change: PlannedChange) =>
          !MOTO_KNOWN_GAPS.some(
            (gap) =>
              change.address.endsWith(`${gap.type}.this`) &&
              change.actions.join() === 'update' &&
              JSON.stringify(change.attributes) === JSON.stringify(gap.attributes),
          ),
      );
      expect(unexpected).to.deep.equal([]);
      expect(functions.length).to.be.greaterThan(10);
      expect(changes.map((change) => change.address).sort()).to.deep.equal([...functions].sort());
    });

    it("wires what it deployed: every Task names a deployed function, whose environment its handler's settings accept", async function () {
      succeeded(await devApply, 'tofu apply of environments/dev');
      const endpoint = targets[0]?.moto.endpoint as string;
      type Fn = {
        FunctionName: string;
        FunctionArn: string;
        Environment?: { Variables?: Record<string, string> };
      };
      const functions = (await motoCall(endpoint, 'lambda', { path: '/2015-03-31/functions/' }))
        .Functions as Fn[];
      const deployed = new Set(functions.map((fn) => fn.FunctionArn));
      const machines = (await motoCall(endpoint, 'states', { target: 'AWSStepFunctions.ListStateMachines' }))
        .stateMachines as { name: string; stateMachineArn: string }[];
      expect(machines.map((machine) => machine.name)).to.deep.equal(['credential-tracker-dev']);
      const { definition } = await motoCall(endpoint, 'states', {
        target: 'AWSStepFunctions.DescribeStateMachine',
        body: { stateMachineArn: machines[0]?.stateMachineArn },
      });
      const named = [...new Set(String(definition).match(/arn:aws:lambda:[^"]+:function:[^"]+/g) ?? [])];
      expect(named.length).to.be.greaterThan(10);
      expect(named.filter((arn) => !deployed.has(arn))).to.deep.equal([]);

      const problems: string[] = [];
      for (const fn of functions) {
        const schema = SETTINGS_SCHEMAS.find(([pattern]) => pattern.test(fn.FunctionName))?.[1];
        if (schema === undefined) continue;
        const parsed = schema.safeParse(fn.Environment?.Variables ?? {});
        if (!parsed.success) problems.push(`${fn.FunctionName}: ${String(parsed.error)}`);
      }
      expect(problems).to.deep.equal([]);
    });

    it('destroys environments/dev', async function () {
      succeeded(await devApply, 'tofu apply of environments/dev');
      await tofuOk(started(), 'environments/dev', ['destroy', '-auto-approve', '-input=false']);
      const state = await tofuOk(started(), 'environments/dev', ['state', 'list']);
      expect(state.stdout.trim()).to.equal('');
    });

    it("applies prod's values with organization scope, the member roles by StackSet in every member account", async function () {
      const result = succeeded(await prodApply, 'tofu apply of environments/prod');
      expect(result.stdout).to.match(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
      const [, prod] = targets;
      const endpoint = prod?.moto.endpoint as string;
      const sts = new STSClient(sdk(endpoint));
      try {
        for (const account of organization.members) {
          // moto switches to an account by the credentials of any role assumed there.
          const { Credentials } = await sts.send(
            new AssumeRoleCommand({
              RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
              RoleSessionName: 'terraform-provider-test',
            }),
          );
          const iam = new IAMClient({
            ...sdk(endpoint),
            credentials: {
              accessKeyId: Credentials?.AccessKeyId as string,
              secretAccessKey: Credentials?.SecretAccessKey as string,
              sessionToken: Credentials?.SessionToken,
            },
          });
          for (const role of [
            'credential-tracker-member-collector',
            'credential-tracker-member-remediation',
          ]) {
            const found = await iam.send(new GetRoleCommand({ RoleName: role }));
            expect(found.Role?.Arn, `${role} in ${account}`).to.equal(`arn:aws:iam::${account}:role/${role}`);
          }
          iam.destroy();
        }
      } finally {
        sts.destroy();
      }
    });
  });
});
