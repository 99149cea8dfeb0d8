// The Lambda bundles rewrite three things of the AWS SDK at build time (scripts/build/bundle.ts): the
// default credential chain becomes the environment's credentials, the clients' schema literals
// become pure IIFEs so esbuild drops the unused ones, and Security Hub's ResourceDetails has no members. This builds a handler exactly as the functions
// are built and runs it in a fresh Node process against moto, through every protocol family the
// functions speak (REST-XML S3, Query IAM/STS/SNS/SES, JSON Secrets Manager/Organizations/Athena,
// REST-JSON Security Hub), errors included: a schema the rewrite broke fails here, not in Lambda.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { motoEnvironment, useMotoSuite } from '@credential-tracker/testing';
import { buildFunctions } from '../build/build-functions.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository so the fixture resolves the SDK from the root node_modules, as a function does.
const SCRATCH = join(REPOSITORY, 'node_modules', '.cache', 'credential-tracker-bundle-sdk-test');

const HANDLER = `import { AthenaClient, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { CreateUserCommand, GetLoginProfileCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SendRawEmailCommand, SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const errorName = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: Error) => error.name);

export const handler = async () => {
  const s3 = new S3Client({ forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'bundle-check' }));
  await s3.send(new PutObjectCommand({ Bucket: 'bundle-check', Key: 'a/b.txt', Body: 'hello' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'bundle-check', Key: 'a/b.txt' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'bundle-check', Prefix: 'a/' }));
  const missingKey = await errorName(s3.send(new GetObjectCommand({ Bucket: 'bundle-check', Key: 'nope' })));

  const iam = new IAMClient({});
  await iam.send(new CreateUserCommand({ UserName: 'bundled', Tags: [{ Key: 'team', Value: 'x' }] }));
  const users = await iam.send(new ListUsersCommand({}));
  const noProfile = await errorName(iam.send(new GetLoginProfileCommand({ UserName: 'bundled' })));

  const account = (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account;
  const sns = new SNSClient({});
  const topic = await sns.send(new CreateTopicCommand({ Name: 'bundle-check' }));
  const published = await sns.send(new PublishCommand({ TopicArn: topic.TopicArn, Message: 'hi' }));
  const ses = new SESClient({});
  await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: 'from@example.com' }));
  const raw = 'From: from@example.com\\r\\nTo: to@example.com\\r\\nSubject: check\\r\\n\\r\\nbody';
  const sent = await ses.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(raw) } }));

  const secrets = new SecretsManagerClient({});
  await secrets.send(new CreateSecretCommand({ Name: 'bundle/check', SecretString: '{}', Tags: [{ Key: 'k', Value: 'v' }] }));
  const secret = await secrets.send(new DescribeSecretCommand({ SecretId: 'bundle/check' }));
  const noOrganization = await errorName(new OrganizationsClient({}).send(new DescribeOrganizationCommand({})));
  const workGroups = await new AthenaClient({}).send(new ListWorkGroupsCommand({}));

  const hub = new SecurityHubClient({});
  await hub.send(new EnableSecurityHubCommand({}));
  const now = new Date().toISOString();
  const imported = await hub.send(new BatchImportFindingsCommand({ Findings: [{
    SchemaVersion: '2018-10-08', Id: 'bundle/check', ProductArn: \`arn:aws:securityhub:us-east-1:\${account}:product/\${account}/default\`,
    GeneratorId: 'bundle-check', AwsAccountId: account, Types: ['Software and Configuration Checks'],
    CreatedAt: now, UpdatedAt: now, Severity: { Label: 'HIGH' }, Title: 'check', Description: 'check',
    // The bundles' Security Hub knows no member of Details: it goes out empty, the rest whole.
    Resources: [{ Type: 'AwsIamUser', Id: 'arn:aws:iam::' + account + ':user/bundled', Details: { AwsIamUser: { UserName: 'bundled' } } }],
  }] }));
  const findings = await hub.send(new GetFindingsCommand({}));

  return {
    body: await object.Body?.transformToString(),
    keys: (listed.Contents ?? []).map((item) => item.Key),
    missingKey,
    users: (users.Users ?? []).map((user) => user.UserName),
    noProfile,
    account,
    published: typeof published.MessageId,
    sent: typeof sent.MessageId,
    secretTags: secret.Tags,
    noOrganization,
    workGroups: (workGroups.WorkGroups ?? []).map((group) => group.Name),
    imported: [imported.SuccessCount, imported.FailedCount],
    findings: (findings.Findings ?? []).map((finding) => [finding.Id, finding.Severity?.Label, finding.Resources]),
  };
};
`;

const RUN = `const { handler } = await import(process.argv[1]);
process.stdout.write(JSON.stringify(await handler({})));`;

describe('a Lambda bundle against moto, with the build-time rewrites of the SDK', function () {
  this.timeout(180_000);
  const moto = useMotoSuite();
  let workspace: string;

  before(async function () {
    await mkdir(SCRATCH, { recursive: true });
    workspace = await mkdtemp(join(SCRATCH, 'run-'));
  });

  after(async function () {
    await rm(workspace, { recursive: true, force: true });
  });

  it('calls every protocol the functions use, errors included, with the environment credentials only', async function () {
    // Prepare: a function built as npm run build builds every function
    const functions = join(workspace, 'functions');
    await mkdir(join(functions, 'sdk', 'src'), { recursive: true });
    await writeFile(
      join(functions, 'sdk', 'package.json'),
      JSON.stringify({ name: '@fixture/sdk', private: true, type: 'module' }),
    );
    await writeFile(join(functions, 'sdk', 'src', 'handler.ts'), HANDLER);
    await buildFunctions({ functionsDirectory: functions, outputDirectory: join(workspace, 'dist') });
    const unpacked = await mkdtemp(join(tmpdir(), 'ct-bundle-sdk-'));
    try {
      const bundle = unzipSync(await readFile(join(workspace, 'dist', 'sdk.zip')))['index.mjs'] as Uint8Array;
      await writeFile(join(unpacked, 'index.mjs'), bundle);

      // Act: a bare environment, as Lambda gives, with moto's endpoint and credentials
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--no-warnings',
          '--input-type=module',
          '--eval',
          RUN,
          pathToFileURL(join(unpacked, 'index.mjs')).href,
        ],
        { env: { PATH: process.env.PATH ?? '', ...motoEnvironment(moto.endpoint) } },
      );
      const result = JSON.parse(stdout) as Record<string, unknown>;

      // Assess
      expect(result).to.deep.include({
        body: 'hello',
        keys: ['a/b.txt'],
        missingKey: 'NoSuchKey',
        users: ['bundled'],
        noProfile: 'NoSuchEntityException',
        published: 'string',
        sent: 'string',
        secretTags: [{ Key: 'k', Value: 'v' }],
        noOrganization: 'AWSOrganizationsNotInUseException',
        workGroups: ['primary'],
        imported: [1, 0],
        findings: [
          [
            'bundle/check',
            'HIGH',
            [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${String(result.account)}:user/bundled`, Details: {} }],
          ],
        ],
      });
      expect(result.account).to.match(/^\d{12}$/);
      const text = Buffer.from(bundle).toString('utf8');
      expect(text, 'the unused S3 schemas are dropped').not.to.include('InventoryConfiguration');
      expect(text, 'no credential source but the environment').not.to.include('fromTokenFile');
      expect(text, "Security Hub's resource details are left out").not.to.include(
        'AwsAutoScalingAutoScalingGroup',
      );
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });
});
