import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { checkovProblems, docsProblems, formatProblems, tflintProblems } from '../terraform/linters.js';
import { REPOSITORY } from '../terraform/tools.js';

const MODULES = ['aws', 'layers'].flatMap((tier) =>
  readdirSync(join(REPOSITORY, 'modules', tier)).map((name) => `modules/${tier}/${name}`),
);

/** A scratch copy of the Terraform tree (and what the layer reads beside it), for breaking on purpose. */
async function scratchCopy(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ct-terraform-tools-'));
  for (const directory of [
    'modules',
    'environments',
    'policies',
    'packages/findings/catalog',
    'packages/findings/changes',
  ]) {
    await cp(join(REPOSITORY, directory), join(root, directory), { recursive: true });
  }
  await cp(
    join(REPOSITORY, 'packages/state-machine/definition.asl.json.tpl'),
    join(root, 'packages/state-machine/definition.asl.json.tpl'),
  );
  return root;
}

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(root, file);
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).to.not.equal(before);
  await writeFile(path, after);
}

describe('Terraform linters (tofu fmt, tflint, checkov, terraform-docs; offline)', function () {
  this.timeout(600_000);

  it('is formatted as tofu fmt writes it', async function () {
    expect(await formatProblems(REPOSITORY)).to.deep.equal([]);
  });

  it('passes tflint: the recommended preset, naming convention, documented variables and outputs', async function () {
    expect(await tflintProblems(REPOSITORY)).to.deep.equal([]);
  });

  it('passes checkov with zero failed checks (each skip justified inline)', async function () {
    expect(await checkovProblems(REPOSITORY)).to.deep.equal([]);
  });

  it('has module READMEs whose inputs and outputs tables are what terraform-docs generates', async function () {
    const problems = (await Promise.all(MODULES.map((module) => docsProblems(REPOSITORY, module)))).flat();
    expect(problems).to.deep.equal([]);
  });

  describe('on a broken copy', function () {
    let root: string;

    beforeEach(async function () {
      root = await scratchCopy();
    });

    afterEach(async function () {
      await rm(root, { recursive: true, force: true });
    });

    it('names the file and line of a mis-formatted file', async function () {
      // Prepare
      await edit(root, 'modules/aws/sns-topic/main.tf', (text) =>
        text.replace('  name              = var.name', '  name = var.name'),
      );

      // Act
      const problems = await formatProblems(root);

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^modules\/aws\/sns-topic\/main\.tf:\d+: not formatted/);
    });

    it('names the file and line of an undocumented variable and a badly named resource', async function () {
      // Prepare
      await edit(root, 'modules/aws/sns-topic/variables.tf', (text) =>
        text.replace('  description = "Tags for the topic."\n', ''),
      );
      await edit(root, 'modules/aws/sns-topic/main.tf', (text) =>
        text
          .replace(
            'resource "aws_sns_topic_subscription" "email"',
            'resource "aws_sns_topic_subscription" "Email"',
          )
          .replace('aws_sns_topic.this.arn\n  protocol', 'aws_sns_topic.this.arn\n  protocol'),
      );

      // Act
      const problems = await tflintProblems(root);

      // Assess
      expect(problems.join('\n')).to.match(
        /modules\/aws\/sns-topic\/variables\.tf:\d+:\d+: .*terraform_documented_variables/,
      );
      expect(problems.join('\n')).to.match(
        /modules\/aws\/sns-topic\/main\.tf:\d+:\d+: .*terraform_naming_convention/,
      );
    });

    it('names the file and line of an unencrypted bucket', async function () {
      // Prepare: the bucket module without its default encryption.
      await edit(root, 'modules/aws/s3-bucket/main.tf', (text) =>
        text.replace(
          /resource "aws_s3_bucket_server_side_encryption_configuration" "this" \{[\s\S]*?\n\}\n/,
          '',
        ),
      );

      // Act
      const problems = await checkovProblems(root);

      // Assess
      expect(problems.join('\n')).to.match(/^modules\/aws\/s3-bucket\/main\.tf:\d+: CKV\S* .*encrypt/im);
    });

    it('names the README whose tables differ from terraform-docs', async function () {
      // Prepare
      await edit(root, 'modules/aws/sns-topic/variables.tf', (text) =>
        text.replace('Addresses subscribed to the topic', 'People subscribed to the topic'),
      );

      // Act
      const problems = await docsProblems(root, 'modules/aws/sns-topic');

      // Assess
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^modules\/aws\/sns-topic\/README\.md:\d+: the inputs\/outputs tables differ/,
      );
    });
  });
});
