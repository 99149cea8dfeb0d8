// The real functions against a moto server: an Organization with member accounts, the report bucket,
// its KMS key and the summary topic, and the environment each Lambda function reads its settings from.
import { AthenaClient, CreateNamedQueryCommand } from '@aws-sdk/client-athena';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { assumeMemberRole } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import { MOTO_CREDENTIALS } from '@credential-tracker/testing';
import type { ObjectStore } from './finding-steps.js';

export const MEMBER_ROLE_NAME = 'credential-tracker-member';
export const MANAGEMENT_ACCOUNT = '123456789012';
export const MOTO_BUCKET = 'credential-tracker-reports';

export const motoClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: MOTO_CREDENTIALS,
  forcePathStyle: true,
});

export interface MotoDeployment {
  readonly memberAccounts: string[];
  /** The environment of every function, as Terraform would set it. */
  readonly environment: Record<string, string>;
  /** Finding id -> the id of its named query. */
  readonly namedQueries: ReadonlyMap<string, string>;
}

/** An Organization of `count` member accounts (one user with a key in each), bucket, key and topic. */
export async function deployToMoto(endpoint: string, count: number): Promise<MotoDeployment> {
  const config = motoClientConfig(endpoint);
  const organizations = new OrganizationsClient(config);
  const sts = new STSClient(config);
  const s3 = new S3Client(config);
  const sns = new SNSClient(config);
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const memberAccounts: string[] = [];
    for (let n = 1; n <= count; n++) {
      const created = await organizations.send(
        new CreateAccountCommand({ AccountName: `member-${n}`, Email: `member-${n}@example.com` }),
      );
      const accountId = created.CreateAccountStatus?.AccountId as string;
      memberAccounts.push(accountId);
      // Credentials of any role in an account are how moto switches into it.
      const iam = new IAMClient({
        ...config,
        credentials: await assumeMemberRole(sts, accountId, { roleName: 'OrganizationAccountAccessRole' }),
      });
      await iam.send(
        new CreateRoleCommand({
          RoleName: MEMBER_ROLE_NAME,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      await iam.send(new CreateUserCommand({ UserName: 'alice' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
      iam.destroy();
    }
    await s3.send(new CreateBucketCommand({ Bucket: MOTO_BUCKET }));
    const topic = await sns.send(new CreateTopicCommand({ Name: 'credential-tracker-summary' }));
    const environment = {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      ACCOUNT_SCOPE: 'organization',
      // The management account is an ACTIVE account of the Organization too; the runs scan the members.
      EXCLUDE_ACCOUNTS: MANAGEMENT_ACCOUNT,
      MEMBER_ROLE_NAME,
      REPORT_BUCKET: MOTO_BUCKET,
      // No KMS client is installed; moto's S3 records the key id without resolving it.
      REPORT_KMS_KEY_ARN: `arn:aws:kms:us-east-1:${MANAGEMENT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      ATHENA_WORKGROUP: 'primary',
      GLUE_DATABASE: 'credential_tracker',
      SUMMARY_TOPIC_ARN: topic.TopicArn as string,
    };
    const namedQueries = await createNamedQueries(endpoint, environment);
    return { memberAccounts: memberAccounts.sort(), environment, namedQueries };
  } finally {
    for (const client of [organizations, sts, s3, sns]) client.destroy();
  }
}

/** Creates every finding's named query in moto, as Terraform does from query.sql: finding id -> id. */
async function createNamedQueries(endpoint: string, environment: Record<string, string>) {
  const athena = new AthenaClient(motoClientConfig(endpoint));
  const ids = new Map<string, string>();
  try {
    for (const finding of loadCatalog()) {
      const created = await athena.send(
        new CreateNamedQueryCommand({
          Name: `credential-tracker-${finding.id}`,
          Database: environment.GLUE_DATABASE,
          WorkGroup: environment.ATHENA_WORKGROUP,
          QueryString: finding.sql,
        }),
      );
      ids.set(finding.id, created.NamedQueryId as string);
    }
  } finally {
    athena.destroy();
  }
  return ids;
}

/** Sets the functions' environment until the returned function restores it. */
export function useEnvironment(variables: Readonly<Record<string, string>>): () => void {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** moto's S3 bucket as the finding steps' store: they read the reports download-report wrote there. */
export function motoStore(endpoint: string): ObjectStore {
  const s3 = new S3Client(motoClientConfig(endpoint));
  return {
    bucket: MOTO_BUCKET,
    keys: async (prefix) => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: MOTO_BUCKET, Prefix: prefix }));
      return (listed.Contents ?? []).map((object) => object.Key as string);
    },
    get: async (key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: MOTO_BUCKET, Key: key }));
      return (await object.Body?.transformToString()) ?? '';
    },
    put: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: MOTO_BUCKET, Key: key, Body: Buffer.from(body) }));
    },
  };
}
