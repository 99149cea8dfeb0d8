// The real functions against a moto server: an Organization with member accounts, the report bucket,
// its KMS key and the summary topic, and the environment each Lambda function reads its settings from.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AthenaClient, CreateNamedQueryCommand } from '@aws-sdk/client-athena';
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { memberIamClients } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import {
  createMotoOrganization,
  MANAGEMENT_ACCOUNT,
  COLLECTOR_ROLE_NAME,
  motoEnvironment,
  motoOverrides,
  REMEDIATION_ROLE_NAME,
} from '@credential-tracker/testing';
import type { ObjectStore } from './finding-steps.js';

export const MOTO_BUCKET = 'credential-tracker-reports';

export interface MotoDeployment {
  readonly memberAccounts: string[];
  /**
   * The environment of every function, as Terraform would set it: MEMBER_ROLE_NAME is the collector
   * role's (generate-report, download-report, collect-inventory, export-findings).
   */
  readonly environment: Record<string, string>;
  /** What the remediate-findings-* functions get on top of `environment`: the remediation role's name. */
  readonly remediationEnvironment: Record<string, string>;
  /** Finding id -> the id of its named query. */
  readonly namedQueries: ReadonlyMap<string, string>;
}

/** An Organization of `count` member accounts (one user with a key in each), bucket, key and topic. */
export async function deployToMoto(endpoint: string, count: number): Promise<MotoDeployment> {
  const organization = await createMotoOrganization(endpoint, {
    ous: {},
    accounts: Array.from({ length: count }, (_, index) => ({
      name: `member-${index + 1}`,
      users: ['alice'],
    })),
  });
  const s3 = new S3Client(motoOverrides(endpoint));
  const sns = new SNSClient(motoOverrides(endpoint));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: MOTO_BUCKET }));
    const topic = await sns.send(new CreateTopicCommand({ Name: 'credential-tracker-summary' }));
    const environment = {
      ...motoEnvironment(endpoint),
      ACCOUNT_SCOPE: 'organization',
      // The management account is an ACTIVE account of the Organization too; the runs scan the members.
      EXCLUDE_ACCOUNTS: MANAGEMENT_ACCOUNT,
      MEMBER_ROLE_NAME: COLLECTOR_ROLE_NAME,
      REPORT_BUCKET: MOTO_BUCKET,
      // No KMS client is installed; moto's S3 records the key id without resolving it.
      REPORT_KMS_KEY_ARN: `arn:aws:kms:us-east-1:${MANAGEMENT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      ATHENA_WORKGROUP: 'primary',
      GLUE_DATABASE: 'credential_tracker',
      SUMMARY_TOPIC_ARN: topic.TopicArn as string,
      // The remediation functions': secrets of rotated keys (moto does not resolve the alias).
      SECRET_KMS_KEY_ID: 'alias/credential-tracker-secrets',
    };
    const namedQueries = await createNamedQueries(endpoint, environment);
    return {
      memberAccounts: Object.values(organization.accountIds).sort(),
      environment,
      remediationEnvironment: { MEMBER_ROLE_NAME: REMEDIATION_ROLE_NAME },
      namedQueries,
    };
  } finally {
    s3.destroy();
    sns.destroy();
  }
}

/** Creates every finding's named query in moto, as Terraform does from query.sql: finding id -> id. */
async function createNamedQueries(endpoint: string, environment: Record<string, string>) {
  const athena = new AthenaClient(motoOverrides(endpoint));
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

/** moto's S3 bucket as the finding steps' store: they read the reports download-report wrote there. */
export function motoStore(endpoint: string): ObjectStore {
  const s3 = new S3Client(motoOverrides(endpoint));
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

/**
 * IAM of a member account as its administrator sees it: through the Organization's setup role, not the
 * member role under test (moto switches account on any assumed role). Destroy it when done.
 */
export async function memberAccountIam(endpoint: string, accountId: string): Promise<IAMClient> {
  const overrides = motoOverrides(endpoint);
  const sts = new STSClient(overrides);
  try {
    return await memberIamClients(sts, { roleName: 'OrganizationAccountAccessRole' }, overrides)(accountId);
  } finally {
    sts.destroy();
  }
}

/**
 * Copies every object of moto's bucket under `prefix` into `directory`, at the same key (as `aws s3
 * sync s3://BUCKET/ directory` would): the local tools then read the bucket's layout as they find it.
 */
export async function copyFromMoto(endpoint: string, prefix: string, directory: string): Promise<string[]> {
  const store = motoStore(endpoint);
  const keys = await store.keys(prefix);
  for (const key of keys) {
    const path = join(directory, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await store.get(key));
  }
  return keys;
}
