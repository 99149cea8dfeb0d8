import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { expect } from 'chai';
import {
  catalogFindingFunctions,
  definitionVariables,
  localLambdaArn,
  renderDefinition,
} from '@credential-tracker/state-machine';
import { readInventory, type Inventory } from '../terraform/inventory.js';
import {
  functionDeploymentProblems,
  moduleCallProblems,
  parseProblems,
  templateVariableProblems,
  tfvarsProblems,
} from '../terraform/structure.js';
import { REPOSITORY } from '../terraform/tools.js';

const FUNCTIONS = join(REPOSITORY, 'functions');
const POLICIES = join(REPOSITORY, 'policies');

/** A scratch copy of the Terraform tree and policies, for breaking on purpose. */
async function scratchCopy(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ct-terraform-'));
  for (const directory of ['modules', 'environments', 'policies']) {
    await cp(join(REPOSITORY, directory), join(root, directory), { recursive: true });
  }
  return root;
}

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(root, file);
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).to.not.equal(before);
  await writeFile(path, after);
}

const allProblems = (inventory: Inventory, policies = POLICIES): string[] => [
  ...parseProblems(inventory),
  ...moduleCallProblems(inventory),
  ...tfvarsProblems(inventory),
  ...functionDeploymentProblems(inventory, FUNCTIONS, policies),
  ...templateVariableProblems(inventory, policies),
];

const LAYER = join(REPOSITORY, 'modules', 'layers', 'credential-tracker');

/**
 * Every resource name the tracker layer derives from var.name ("${var.name}-..."), with the longest
 * `name` its validation accepts, the longest catalog finding id, a 12-digit account and the longest
 * region name: what AWS would be asked to create.
 */
function longestDerivedNames(): { readonly template: string; readonly name: string }[] {
  const variables = readFileSync(join(LAYER, 'variables.tf'), 'utf8');
  const maxName = /\^\[a-z\]\[a-z0-9-\]\{2,(\d+)\}\$/.exec(variables.replaceAll('\\\\', '\\'));
  if (maxName === null) throw new Error("the layer's name validation is not ^[a-z][a-z0-9-]{2,N}$");
  const name = 'n'.repeat(Number(maxName[1]) + 1);
  const findingIds = readdirSync(join(REPOSITORY, 'packages', 'findings', 'catalog'));
  const longestId = findingIds.reduce((a, b) => (b.length > a.length ? b : a), '');
  const templates = new Set(
    readdirSync(LAYER)
      .filter((file) => file.endsWith('.tf'))
      .flatMap((file) => readFileSync(join(LAYER, file), 'utf8').match(/"\$\{var\.name\}[^"]*"/g) ?? []),
  );
  return [...templates].map((template) => ({
    template,
    name: template
      .slice(1, -1)
      .replace('${var.name}', name)
      .replace('${each.key}', longestId)
      .replace('${local.account_id}', '123456789012')
      .replace('${local.region}', 'ap-southeast-5'),
  }));
}

describe('Terraform structure (HCL parsed offline, no providers)', function () {
  this.timeout(60_000);
  let inventory: Inventory;

  before(async function () {
    inventory = await readInventory(REPOSITORY);
  });

  it('has the three tiers: modules/aws, modules/layers, environments/{dev,stage,prod}', function () {
    // Assess
    const directories = Object.keys(inventory.modules);
    for (const module of [
      'kms-key',
      's3-bucket',
      'lambda-function',
      'state-machine',
      'schedule',
      'athena',
      'ses-identity',
      'sns-topic',
      'member-role',
    ]) {
      expect(directories).to.include(`modules/aws/${module}`);
    }
    expect(directories).to.include.members([
      'modules/layers/credential-tracker',
      'modules/layers/member-account',
      'environments/dev',
      'environments/stage',
      'environments/prod',
    ]);
  });

  it("keeps every name derived from the longest accepted name within AWS's limits (64; the bucket 63)", function () {
    // Prepare
    const names = longestDerivedNames();

    // Assess: functions, roles, rules and the StackSet take 64 characters; a bucket 63.
    expect(names.length).to.be.greaterThan(15);
    // NAME-remediate-findings-review-revoke with a 31-character NAME: 64, exactly the limit.
    expect(Math.max(...names.map(({ name }) => name.length))).to.equal(64);
    const tooLong = names.filter(
      ({ template, name }) => name.length > (template.includes('${local.account_id}') ? 63 : 64),
    );
    expect(tooLong).to.deep.equal([]);
  });

  it('parses every .tf and .tfvars file', function () {
    expect(parseProblems(inventory)).to.deep.equal([]);
  });

  it('passes only declared variables, and every required one, to every module; references only real outputs', function () {
    expect(moduleCallProblems(inventory)).to.deep.equal([]);
  });

  it('sets only declared variables in every terraform.tfvars', function () {
    expect(tfvarsProblems(inventory)).to.deep.equal([]);
  });

  it('deploys every function workspace, each with a policy, and nothing else', function () {
    expect(functionDeploymentProblems(inventory, FUNCTIONS, POLICIES)).to.deep.equal([]);
  });

  it('passes every template exactly the variables it uses (policies and the state machine definition)', function () {
    expect(templateVariableProblems(inventory, POLICIES)).to.deep.equal([]);
  });

  it('renders a state machine definition asl-validator accepts with the findings as Terraform lists them', function () {
    // Prepare: the layer's findings list: every catalog finding, with its remediation's function or null.
    const findings = catalogFindingFunctions();
    expect(findings.filter((finding) => finding.remediation_arn !== null)).to.have.length(5);
    const definition = renderDefinition(
      definitionVariables({
        listAccountsArn: localLambdaArn('list-accounts'),
        generateReportArn: localLambdaArn('generate-report'),
        downloadReportArn: localLambdaArn('download-report'),
        collectInventoryArn: localLambdaArn('collect-inventory'),
        initialiseTableArn: localLambdaArn('initialise-table'),
        summariseRunArn: localLambdaArn('summarise-run'),
        maxConcurrency: 40,
        reportWaitSeconds: 10,
        reportMaxCycles: 12,
        findings,
      }),
    );

    // Act
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });

    // Assess
    expect(errorsText('\n')).to.equal('');
    expect(isValid).to.be.true;
  });

  describe('on a broken copy', function () {
    let root: string;

    beforeEach(async function () {
      root = await scratchCopy();
    });

    afterEach(async function () {
      await rm(root, { recursive: true, force: true });
    });

    it('names the file and line of an undeclared module argument', async function () {
      // Prepare
      await edit(root, 'environments/dev/main.tf', (text) =>
        // Whatever the alignment tofu fmt gives the arguments.
        text.replace(/^( {2}name +=\s*var\.name\n)/m, '$1  colour = "blue"\n'),
      );

      // Act
      const problems = allProblems(await readInventory(root), join(root, 'policies'));

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^environments\/dev\/main\.tf:\d+: module "credential_tracker" passes colour/,
      );
    });

    it('names a missing required variable, an unknown output and an undeclared tfvars key', async function () {
      // Prepare
      await edit(root, 'modules/layers/member-account/main.tf', (text) =>
        text.replace(/ *tracker_role_arns += var.tracker_role_arns.collector\n/, ''),
      );
      await edit(root, 'environments/prod/outputs.tf', (text) =>
        text.replace('module.credential_tracker.topic_arn', 'module.credential_tracker.topic'),
      );
      await edit(root, 'environments/stage/terraform.tfvars', (text) => `${text}enforse = true\n`);

      // Act
      const problems = allProblems(await readInventory(root), join(root, 'policies'));

      // Assess
      expect(problems.join('\n')).to.match(
        /modules\/layers\/member-account\/main\.tf:\d+: module "collector_role" does not pass tracker_role_arns/,
      );
      expect(problems.join('\n')).to.match(
        /environments\/prod\/outputs\.tf:\d+: module\.credential_tracker\.topic: .* has no output topic/,
      );
      expect(problems.join('\n')).to.match(
        /environments\/stage\/terraform\.tfvars:\d+: enforse is not a variable/,
      );
    });

    it('names the file and line of a syntax error', async function () {
      // Prepare
      await edit(root, 'modules/aws/kms-key/outputs.tf', (text) =>
        text.replace('output "arn" {', 'output "arn" {{'),
      );

      // Act
      const problems = parseProblems(await readInventory(root));

      // Assess
      expect(problems).to.have.length.greaterThan(0);
      expect(problems[0]).to.match(/^modules\/aws\/kms-key\/outputs\.tf:1:\d+: /);
    });

    it('names a function deployed without a policy and a template given a variable it does not use', async function () {
      // Prepare
      await edit(root, 'modules/layers/credential-tracker/functions.tf', (text) =>
        text
          .replace(
            '"${local.policies_dir}/summarise-run.json.tpl"',
            '"${local.policies_dir}/summarise.json.tpl"',
          )
          .replace(
            '    kms_key_arn = module.kms_key.arn\n    partition   = local.partition\n  })',
            '    kms_key_arn = module.kms_key.arn\n    partition   = local.partition\n    colour      = "blue"\n  })',
          ),
      );

      // Act
      const problems = allProblems(await readInventory(root), join(root, 'policies'));

      // Assess
      expect(problems.join('\n')).to.match(
        /functions\.tf:\d+: module "summarise_run" \(summarise-run\): policies\/summarise\.json\.tpl does not exist/,
      );
      expect(problems.join('\n')).to.match(
        /functions\.tf:\d+: templatefile of policies\/list-accounts\.json\.tpl: not used by the template: colour/,
      );
    });
  });
});
