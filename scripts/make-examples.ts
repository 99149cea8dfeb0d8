/**
 * Writes examples/: a sample AWS Organization whose credential reports show every finding of the
 * catalog, next to users that are fine. The reports sit in the S3 layout DownloadReport writes
 * (credential-reports/date=YYYY-MM-DD/<account_id>.csv), so a scan of examples/reports reads them the
 * way Athena does. Everything is fixed (the as-of time, every timestamp, the order of rows), so the
 * output is byte for byte the same on every run and the committed files can be checked against it.
 *
 *   npx tsx scripts/make-examples.ts [OUTPUT_DIR]      (default: examples/ of the repository)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  NO_INFORMATION,
  NOT_APPLICABLE,
  ROOT_USER_NAME,
  formatCredentialReport,
  iamUserRow,
  isAbsent,
  rootRow,
  type CredentialReportRow,
  type TimestampOrAbsent,
} from '@credential-tracker/core';
import { inventoryKey } from '@credential-tracker/core/aws';
import type { InventorySnapshot } from '@credential-tracker/core/inventory';
import { adminSourceText } from '@credential-tracker/review';
import { exampleInventory, exampleInventoryFiles } from './example-inventory.js';

/** The instant the sample is meant to be scanned at: 15 minutes after the daily run's reports. */
export const EXAMPLE_AS_OF = new Date('2026-11-23T00:15:00Z');
export const EXAMPLE_REPORT_DATE = EXAMPLE_AS_OF.toISOString().slice(0, 10);

export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));

/** A finding the sample means to show, as `<finding id>:<credential>` of the finding contract. */
export type ExpectedFinding =
  | `${'ak-rotation' | 'ak-usage' | 'unused-initial-key' | 'root-access-key'}:access_key_${1 | 2}`
  | `cred-usage:password`
  | `cert-rotation:cert_${1 | 2}`
  | `${'console-mfa' | 'root-mfa'}:mfa`
  | `two-active-keys:access_keys`
  | `root-usage:root`;

export interface SampleUser {
  readonly row: CredentialReportRow;
  /** What this user stands for, told in the README. */
  readonly story: string;
  readonly findings: readonly ExpectedFinding[];
}

export interface SampleAccount {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  /** The root row first, then the IAM users in name order, as IAM lists them. */
  readonly users: readonly SampleUser[];
}

// ---------------------------------------------------------------------------------------------------
// Time: a recent timestamp is a calendar day before the as-of date at a clock time. With the as-of at
// 00:15, a time `daysAgo(n)` later in the day than 00:15 is n-1 whole days old, and "older than N days"
// holds exactly when n > N. The sample keeps every case at least three days away from a threshold:
// boundaries are the catalog tests' business, the sample shows typical cases.

function daysAgo(days: number, clock: string): Date {
  const [hours, minutes, seconds] = clock.split(':').map(Number) as [number, number, number];
  const year = EXAMPLE_AS_OF.getUTCFullYear();
  const month = EXAMPLE_AS_OF.getUTCMonth();
  return new Date(Date.UTC(year, month, EXAMPLE_AS_OF.getUTCDate() - days, hours, minutes, seconds));
}

const on = (iso: string): Date => new Date(iso);

// ---------------------------------------------------------------------------------------------------
// Credentials: each helper returns the report columns one credential sets, with IAM's own markers for
// what does not exist (N/A: never used or no such credential; no_information: no sign-in recorded,
// which is also what a password unused since IAM began tracking in October 2014 shows).

type Columns = Partial<CredentialReportRow>;

interface Use {
  readonly at: Date;
  readonly region: string;
  readonly service: string;
}

function consolePassword(options: {
  readonly changed: Date;
  readonly lastUsed: Date | 'never';
  readonly mfa: boolean;
}): Columns {
  return {
    password_enabled: true,
    password_last_changed: options.changed,
    password_last_used: options.lastUsed === 'never' ? NO_INFORMATION : options.lastUsed,
    mfa_active: options.mfa,
  };
}

function accessKey(
  slot: 1 | 2,
  options: { readonly rotated: Date; readonly used?: Use; readonly active?: boolean },
): Columns {
  const { rotated, used, active = true } = options;
  return {
    [`access_key_${slot}_active`]: active,
    [`access_key_${slot}_last_rotated`]: rotated,
    [`access_key_${slot}_last_used_date`]: used?.at ?? NOT_APPLICABLE,
    [`access_key_${slot}_last_used_region`]: used?.region ?? NOT_APPLICABLE,
    [`access_key_${slot}_last_used_service`]: used?.service ?? NOT_APPLICABLE,
  };
}

function signingCertificate(
  slot: 1 | 2,
  options: { readonly rotated: Date; readonly active?: boolean },
): Columns {
  return {
    [`cert_${slot}_active`]: options.active ?? true,
    [`cert_${slot}_last_rotated`]: options.rotated,
  };
}

const used = (at: Date, service: string, region = 'eu-west-1'): Use => ({ at, region, service });

interface UserSpec {
  readonly name: string;
  /** An IAM path such as /ci/; it shows in the ARN only, as in real reports. */
  readonly path?: string;
  readonly created: Date;
  readonly credentials?: readonly Columns[];
  readonly story: string;
  readonly findings?: readonly ExpectedFinding[];
}

interface RootSpec {
  readonly created: Date;
  readonly credentials?: readonly Columns[];
  readonly story: string;
  readonly findings?: readonly ExpectedFinding[];
}

interface AccountSpec {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  /** The account password policy's maximum age: IAM then fills password_next_rotation. */
  readonly passwordMaxAgeDays?: number;
  readonly root: RootSpec;
  readonly users: readonly UserSpec[];
}

function buildAccount(spec: AccountSpec): SampleAccount {
  const root: SampleUser = {
    row: rootRow(spec.id, { user_creation_time: spec.root.created, ...merge(spec.root.credentials) }),
    story: spec.root.story,
    findings: spec.root.findings ?? [],
  };
  const users = spec.users.map((user): SampleUser => {
    const row = iamUserRow(spec.id, user.name, {
      arn: `arn:aws:iam::${spec.id}:user${user.path ?? '/'}${user.name}`,
      user_creation_time: user.created,
      ...merge(user.credentials),
    });
    if (spec.passwordMaxAgeDays !== undefined && row.password_last_changed instanceof Date) {
      row.password_next_rotation = plusDays(row.password_last_changed, spec.passwordMaxAgeDays);
    }
    return { row, story: user.story, findings: user.findings ?? [] };
  });
  users.sort((a, b) => (a.row.user < b.row.user ? -1 : a.row.user > b.row.user ? 1 : 0));
  const account = { id: spec.id, name: spec.name, purpose: spec.purpose, users: [root, ...users] };
  account.users.forEach((user) => checkPlausible(user.row));
  return account;
}

const merge = (parts: readonly Columns[] = []): Columns => Object.assign({}, ...parts) as Columns;

const plusDays = (instant: Date, days: number): Date => new Date(instant.getTime() + days * 86_400_000);

/** A sample that IAM could not have written would teach the wrong thing; refuse it. */
function checkPlausible(row: CredentialReportRow): void {
  const created = row.user_creation_time.getTime();
  const problem = (text: string): never => {
    throw new Error(`sample user ${row.arn}: ${text}`);
  };
  const instant = (value: TimestampOrAbsent): number | undefined =>
    isAbsent(value) ? undefined : value.getTime();
  const times: [string, TimestampOrAbsent][] = [
    ['password_last_used', row.password_last_used],
    ['password_last_changed', row.password_last_changed],
    ['access_key_1_last_rotated', row.access_key_1_last_rotated],
    ['access_key_1_last_used_date', row.access_key_1_last_used_date],
    ['access_key_2_last_rotated', row.access_key_2_last_rotated],
    ['access_key_2_last_used_date', row.access_key_2_last_used_date],
    ['cert_1_last_rotated', row.cert_1_last_rotated],
    ['cert_2_last_rotated', row.cert_2_last_rotated],
  ];
  for (const [column, value] of times) {
    const at = instant(value);
    if (at === undefined) continue;
    if (at < created) problem(`${column} is before the user was created`);
    if (at >= EXAMPLE_AS_OF.getTime()) problem(`${column} is not before the as-of time`);
  }
  for (const slot of [1, 2] as const) {
    const rotated = instant(row[`access_key_${slot}_last_rotated`]);
    const lastUsed = instant(row[`access_key_${slot}_last_used_date`]);
    if (lastUsed !== undefined && (rotated === undefined || lastUsed < rotated)) {
      problem(`access key ${slot} was used before it was created`);
    }
  }
  const isRoot = row.user === ROOT_USER_NAME;
  if (!isRoot && row.password_enabled === false && !isAbsent(row.password_last_changed)) {
    problem('a user without a password has no password_last_changed');
  }
}

// ---------------------------------------------------------------------------------------------------
// The Organization. Account ids are made up (digits of mathematical constants), as are the people.

const ORGANIZATION: readonly AccountSpec[] = [
  {
    id: '314159265358',
    name: 'management',
    purpose: 'Organization management account: billing, SSO administration and the Terraform identity',
    passwordMaxAgeDays: 90,
    root: {
      created: on('2019-03-04T10:12:45+00:00'),
      credentials: [{ password_last_used: daysAgo(12, '16:41:09') }],
      story: 'someone signed in as root 11 days ago to change a billing setting',
      findings: ['root-usage:root'],
    },
    users: [
      {
        name: 'alice.martin',
        created: on('2019-03-11T08:02:33+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(61, '09:14:50'), lastUsed: daysAgo(1, '07:58:12'), mfa: true }),
        ],
        story: 'cloud platform lead; console with MFA',
      },
      {
        name: 'bruno.keller',
        created: on('2022-09-19T12:40:07+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(33, '10:03:41'), lastUsed: daysAgo(4, '15:22:18'), mfa: true }),
        ],
        story: 'FinOps analyst; console with MFA',
      },
      {
        name: 'hannah.schmidt',
        created: on('2023-02-06T09:30:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(47, '11:47:25'), lastUsed: daysAgo(9, '13:05:51'), mfa: true }),
        ],
        story: 'security officer; console with MFA',
      },
      {
        name: 'terraform-runner',
        path: '/automation/',
        created: on('2021-06-02T14:21:16+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(143, '08:37:02'),
            used: used(daysAgo(1, '23:48:02'), 'sts', 'us-east-1'),
          }),
          accessKey(2, {
            rotated: on('2024-06-20T08:30:44+00:00'),
            used: used(on('2025-04-11T22:10:05+00:00'), 'organizations', 'us-east-1'),
            active: false,
          }),
        ],
        story:
          'runs the landing-zone pipeline; its key is 142 days old (the previous one is deactivated, not deleted)',
        findings: ['ak-rotation:access_key_1'],
      },
      {
        name: 'billing-exporter',
        path: '/automation/',
        created: on('2022-01-14T16:55:38+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(38, '06:12:54'),
            used: used(daysAgo(1, '03:00:17'), 's3', 'us-east-1'),
          }),
        ],
        story: 'exports the cost and usage report; rotated on schedule',
      },
      {
        name: 'org-audit-reader',
        path: '/automation/',
        created: on('2023-08-01T07:45:29+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(72, '12:31:08'),
            used: used(daysAgo(2, '02:15:44'), 'organizations', 'us-east-1'),
          }),
        ],
        story: 'lists accounts for the CMDB; rotated on schedule',
      },
    ],
  },
  {
    id: '271828182845',
    name: 'security',
    purpose: 'Security tooling: log archive, GuardDuty and Security Hub administration',
    passwordMaxAgeDays: 90,
    root: {
      created: on('2019-05-20T13:08:51+00:00'),
      credentials: [{ password_last_used: daysAgo(210, '10:26:37') }],
      story: 'root with MFA, last signed in 209 days ago',
    },
    users: [
      {
        name: 'break-glass-admin',
        created: on('2022-01-10T09:00:12+00:00'),
        credentials: [consolePassword({ changed: daysAgo(190, '14:18:03'), lastUsed: 'never', mfa: true })],
        story:
          'emergency administrator whose password was reset 189 days ago and never used since (no_information)',
        findings: ['cred-usage:password'],
      },
      {
        name: 'maria.silva',
        created: on('2021-04-12T08:44:19+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(52, '08:51:30'), lastUsed: daysAgo(1, '08:03:46'), mfa: true }),
        ],
        story: 'security engineer; console with MFA',
      },
      {
        name: 'kenji.tanaka',
        created: on('2022-10-03T10:10:10+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(20, '09:40:11'), lastUsed: daysAgo(6, '17:29:58'), mfa: true }),
          accessKey(1, { rotated: daysAgo(25, '09:45:02'), used: used(daysAgo(3, '11:12:37'), 'sts') }),
        ],
        story: 'incident responder; console with MFA and a recent key for the CLI',
      },
      {
        name: 'forensics-readonly',
        created: on('2024-03-18T15:06:27+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(75, '15:10:00'), lastUsed: daysAgo(30, '20:44:13'), mfa: true }),
        ],
        story: 'read-only console for investigations, last used 29 days ago',
      },
      {
        name: 'siem-ingest',
        path: '/integrations/',
        created: on('2023-05-09T11:27:45+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(84, '07:00:31'), used: used(daysAgo(1, '22:59:10'), 's3') }),
          accessKey(2, { rotated: daysAgo(2, '16:35:20'), used: used(daysAgo(1, '23:05:41'), 's3') }),
        ],
        story: 'SIEM collector halfway through a rotation: the new key works, the old one is still active',
        findings: ['two-active-keys:access_keys'],
      },
      {
        name: 'guardduty-forwarder',
        path: '/integrations/',
        created: on('2023-05-09T11:31:02+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(88, '10:05:49'), used: used(daysAgo(1, '23:59:01'), 'guardduty') }),
        ],
        story: 'forwards GuardDuty findings; its key is 87 days old, due for rotation soon but not yet',
      },
      {
        name: 'securityhub-exporter',
        path: '/integrations/',
        created: on('2024-11-25T13:13:13+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(12, '13:20:26'),
            used: used(daysAgo(1, '21:30:00'), 'securityhub'),
          }),
        ],
        story: 'exports Security Hub findings; rotated on schedule',
      },
    ],
  },
  {
    id: '161803398874',
    name: 'shared-services',
    purpose: 'CI/CD, artifact and container registries: where long-lived machine keys live',
    root: {
      created: on('2020-02-17T09:48:03+00:00'),
      credentials: [
        { password_last_used: daysAgo(406, '11:03:27') },
        accessKey(1, {
          rotated: on('2020-02-18T10:21:40+00:00'),
          used: used(daysAgo(300, '09:54:12'), 'iam', 'us-east-1'),
        }),
      ],
      story: 'root still has the access key created the day after the account, last used 299 days ago',
      findings: ['root-access-key:access_key_1'],
    },
    users: [
      {
        name: 'ci-deployer',
        path: '/ci/',
        created: on('2020-03-02T15:00:58+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(212, '10:44:19'),
            used: used(daysAgo(1, '23:41:36'), 'cloudformation'),
          }),
          accessKey(2, { rotated: daysAgo(9, '16:02:07') }),
        ],
        story:
          'deploys every service; its key is 211 days old and a second key was made 8 days ago but never used',
        findings: ['ak-rotation:access_key_1', 'two-active-keys:access_keys'],
      },
      {
        name: 'jenkins',
        path: '/ci/',
        created: on('2020-03-02T15:04:12+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(430, '08:08:08'), used: used(daysAgo(118, '19:12:45'), 'ec2') }),
        ],
        story: 'the old Jenkins, replaced by GitHub Actions: a 429-day-old key last used 117 days ago',
        findings: ['ak-rotation:access_key_1', 'ak-usage:access_key_1'],
      },
      {
        name: 'artifact-publisher',
        path: '/ci/',
        created: on('2021-09-27T10:37:51+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(27, '14:50:33'),
            used: used(daysAgo(1, '18:20:10'), 'codeartifact'),
          }),
        ],
        story: 'publishes packages; rotated on schedule',
      },
      {
        name: 'docker-mirror',
        path: '/ci/',
        created: on('2022-06-13T06:58:20+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(64, '07:30:45'), used: used(daysAgo(1, '04:05:06'), 'ecr') }),
        ],
        story: 'mirrors public images into ECR; rotated on schedule',
      },
      {
        name: 'code-signing',
        path: '/legacy/',
        created: on('2019-11-05T13:22:09+00:00'),
        credentials: [
          signingCertificate(1, { rotated: daysAgo(510, '13:25:40') }),
          signingCertificate(2, { rotated: on('2020-01-08T09:19:55+00:00'), active: false }),
        ],
        story: 'signs SOAP requests of a legacy integration with an X.509 certificate uploaded 509 days ago',
        findings: ['cert-rotation:cert_1'],
      },
      {
        name: 'legacy-soap-client',
        path: '/legacy/',
        created: on('2019-11-05T13:30:44+00:00'),
        credentials: [
          signingCertificate(1, { rotated: on('2023-02-14T10:00:00+00:00'), active: false }),
          signingCertificate(2, { rotated: daysAgo(35, '10:02:18') }),
        ],
        story: 'the other SOAP client: its old certificate is inactive, the new one 34 days old',
      },
      {
        name: 'chloe.dubois',
        created: on('2021-01-11T09:09:09+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(140, '09:20:00'), lastUsed: daysAgo(2, '10:41:26'), mfa: true }),
        ],
        story: 'build engineer; console with MFA',
      },
      {
        name: 'samir.haddad',
        created: on('2023-07-03T08:15:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(99, '08:20:12'), lastUsed: daysAgo(1, '09:31:04'), mfa: true }),
          accessKey(1, { rotated: daysAgo(19, '08:34:57'), used: used(daysAgo(1, '16:47:23'), 'ecr') }),
        ],
        story: 'release manager; console with MFA and a recent key',
      },
    ],
  },
  {
    id: '141421356237',
    name: 'workloads-prod',
    purpose:
      'Production: payments and reporting services; the oldest account (2013), joined the Organization later',
    root: {
      created: on('2013-04-02T07:51:36+00:00'),
      credentials: [{ password_last_used: daysAgo(402, '18:16:52') }],
      story: 'root with MFA, last signed in 401 days ago',
    },
    users: [
      {
        name: 'legacy-batch',
        path: '/legacy/',
        created: on('2013-05-14T09:31:02+00:00'),
        credentials: [
          consolePassword({ changed: on('2013-05-14T09:31:02+00:00'), lastUsed: 'never', mfa: false }),
          accessKey(1, {
            rotated: on('2013-05-14T09:35:27+00:00'),
            used: used(daysAgo(2, '01:30:00'), 's3'),
          }),
        ],
        story:
          'nightly batch from 2013: its key was never rotated, and its console password, without MFA, has not been used since before IAM tracked sign-ins (no_information)',
        findings: ['ak-rotation:access_key_1', 'cred-usage:password', 'console-mfa:mfa'],
      },
      {
        name: 'contractor.ext',
        created: on('2024-02-05T10:00:00+00:00'),
        credentials: [{ password_last_used: on('2025-06-27T16:02:11+00:00') }],
        story: 'a contractor whose console password was removed when the contract ended (last use is kept)',
      },
      {
        name: 'payments-api',
        path: '/services/',
        created: on('2020-10-12T12:00:03+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(61, '05:43:10'), used: used(daysAgo(1, '23:58:59'), 'dynamodb') }),
        ],
        story: 'payments service outside EKS; rotated on schedule',
      },
      {
        name: 'reporting-etl',
        path: '/services/',
        created: daysAgo(68, '11:19:27'),
        credentials: [accessKey(1, { rotated: daysAgo(68, '11:20:03') })],
        story: 'created for a reporting job that never shipped: an active key, 67 days old, never used (N/A)',
        findings: ['ak-usage:access_key_1'],
      },
      {
        name: 's3-backup',
        path: '/services/',
        created: on('2021-03-22T02:22:22+00:00'),
        credentials: [
          accessKey(1, {
            rotated: on('2024-11-04T02:30:00+00:00'),
            used: used(on('2025-02-02T02:00:41+00:00'), 's3'),
            active: false,
          }),
          accessKey(2, { rotated: daysAgo(80, '02:31:15'), used: used(daysAgo(1, '02:00:38'), 's3') }),
        ],
        story: 'nightly backup; rotated 79 days ago, the old key deactivated',
      },
      {
        name: 'datadog-integration',
        path: '/integrations/',
        created: on('2022-04-04T14:14:14+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(30, '14:20:47'),
            used: used(daysAgo(1, '23:55:00'), 'cloudwatch'),
          }),
        ],
        story: 'monitoring integration; rotated on schedule',
      },
      {
        name: 'ses-smtp-user',
        path: '/services/',
        created: on('2023-01-30T09:57:12+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(20, '10:00:35'), used: used(daysAgo(1, '22:12:40'), 'ses') }),
        ],
        story: 'SMTP credentials for transactional email; rotated on schedule',
      },
      {
        name: 'priya.nair',
        created: on('2023-09-11T08:30:41+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(22, '08:35:09'), lastUsed: daysAgo(1, '14:02:55'), mfa: false }),
        ],
        story: 'on-call engineer who signs in every day without MFA',
        findings: ['console-mfa:mfa'],
      },
      {
        name: 'lucas.moreau',
        created: on('2021-05-17T09:45:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(88, '09:50:19'), lastUsed: daysAgo(3, '12:12:12'), mfa: true }),
        ],
        story: 'SRE; console with MFA',
      },
      {
        name: 'ops.oncall',
        created: on('2022-11-28T17:00:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(44, '17:03:33'), lastUsed: daysAgo(15, '03:27:40'), mfa: true }),
        ],
        story: 'shared on-call console user with a hardware MFA device',
      },
    ],
  },
  {
    id: '173205080756',
    name: 'workloads-dev',
    purpose: 'Development sandbox: experiments, interns and load tests; the least governed account',
    root: {
      created: on('2021-11-08T13:37:00+00:00'),
      credentials: [
        { mfa_active: false, password_last_used: daysAgo(5, '21:14:38') },
        accessKey(2, {
          rotated: on('2021-11-09T09:02:11+00:00'),
          used: used(on('2022-02-01T10:11:12+00:00'), 'ec2'),
          active: false,
        }),
      ],
      story: 'root without MFA, signed in 4 days ago; its old access key is deactivated, so not a finding',
      findings: ['root-mfa:mfa', 'root-usage:root'],
    },
    users: [
      {
        name: 'tom.becker',
        created: daysAgo(20, '09:12:00'),
        credentials: [
          consolePassword({
            changed: daysAgo(20, '09:12:00'),
            lastUsed: daysAgo(18, '10:40:29'),
            mfa: false,
          }),
          accessKey(1, { rotated: daysAgo(20, '09:12:04') }),
        ],
        story: 'new joiner, set up 19 days ago with a password, no MFA and an access key he has never used',
        findings: ['unused-initial-key:access_key_1', 'console-mfa:mfa'],
      },
      {
        name: 'intern-2025',
        created: on('2025-06-02T08:00:00+00:00'),
        credentials: [
          consolePassword({
            changed: on('2025-06-02T08:00:00+00:00'),
            lastUsed: on('2025-08-29T16:45:03+00:00'),
            mfa: false,
          }),
        ],
        story: "last summer's intern: the console password, without MFA, was last used in August 2025",
        findings: ['cred-usage:password', 'console-mfa:mfa'],
      },
      {
        name: 'load-tester',
        path: '/automation/',
        created: on('2024-08-19T11:11:11+00:00'),
        credentials: [
          accessKey(1, {
            rotated: on('2024-08-19T11:15:00+00:00'),
            used: used(on('2025-01-30T23:10:00+00:00'), 'lambda'),
            active: false,
          }),
          accessKey(2, { rotated: daysAgo(77, '08:00:45'), used: used(daysAgo(52, '22:31:09'), 'lambda') }),
        ],
        story: 'load tests that stopped running 51 days ago; the key stays active',
        findings: ['ak-usage:access_key_2'],
      },
      {
        name: 'preview-deployer',
        path: '/ci/',
        created: on('2024-05-06T10:30:00+00:00'),
        credentials: [
          accessKey(1, {
            rotated: daysAgo(15, '10:33:21'),
            used: used(daysAgo(1, '19:08:44'), 'cloudformation'),
          }),
        ],
        story: 'deploys preview environments; rotated on schedule',
      },
      {
        name: 'sandbox-cleaner',
        path: '/automation/',
        created: on('2022-12-12T12:12:12+00:00'),
        credentials: [
          accessKey(1, { rotated: daysAgo(33, '06:06:06'), used: used(daysAgo(1, '06:00:02'), 'ec2') }),
        ],
        story: 'nightly cleanup of forgotten resources; rotated on schedule',
      },
      {
        name: 'jonas.weber',
        created: on('2022-02-21T09:00:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(58, '09:05:38'), lastUsed: daysAgo(2, '08:49:15'), mfa: true }),
          accessKey(1, { rotated: daysAgo(40, '09:14:26'), used: used(daysAgo(1, '17:33:02'), 'lambda') }),
        ],
        story: 'developer; console with MFA and a key for local tooling',
      },
      {
        name: 'emma.rossi',
        created: on('2023-10-09T08:20:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(70, '08:24:47'), lastUsed: daysAgo(10, '14:36:20'), mfa: true }),
        ],
        story: 'data scientist; console with MFA',
      },
      {
        name: 'noah.klein',
        created: on('2024-09-02T08:00:00+00:00'),
        credentials: [
          consolePassword({ changed: daysAgo(36, '08:05:55'), lastUsed: daysAgo(1, '09:58:31'), mfa: true }),
        ],
        story: 'developer; console with MFA',
      },
    ],
  },
];

export function sampleOrganization(): SampleAccount[] {
  return ORGANIZATION.map(buildAccount);
}

// ---------------------------------------------------------------------------------------------------
// Output files.

/** Every file the script writes, by path relative to the examples directory, with its exact content. */
export function exampleFiles(
  organization: readonly SampleAccount[] = sampleOrganization(),
): Map<string, string> {
  const files = new Map<string, string>();
  for (const account of organization) {
    files.set(reportPath(account), formatCredentialReport(account.users.map((user) => user.row)));
    for (const { kind, text } of exampleInventoryFiles(sampleInventory(account))) {
      files.set(inventoryKey(EXAMPLE_REPORT_DATE, account.id, kind), text);
    }
  }
  files.set('config.json', configJson());
  files.set('README.md', readme(organization));
  return files;
}

/** The account's IAM inventory on the report date (scripts/example-inventory.ts), as collect-inventory makes it. */
export function sampleInventory(account: SampleAccount): InventorySnapshot {
  return exampleInventory(
    account.id,
    EXAMPLE_REPORT_DATE,
    account.users.map((user) => user.row),
  );
}

export function reportPath(account: Pick<SampleAccount, 'id'>): string {
  return `reports/credential-reports/date=${EXAMPLE_REPORT_DATE}/${account.id}.csv`;
}

/** Every threshold at its default, spelt out, so a reader sees what can be tuned. */
function configJson(): string {
  const entries = CONFIG_KEYS.map((key) => [key, DEFAULT_CONFIG[key]] as const);
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

function readme(organization: readonly SampleAccount[]): string {
  const asOf = EXAMPLE_AS_OF.toISOString().replace('.000Z', 'Z');
  const total = organization.reduce((sum, account) => sum + account.users.length, 0);
  const findingIds = new Set(
    organization.flatMap((account) => account.users.flatMap((user) => user.findings.map(findingIdOf))),
  );
  const lines = [
    '# Sample Organization',
    '',
    '<!-- Generated by scripts/make-examples.ts; edit that script and rerun it, not this file. -->',
    '',
    `Credential reports of a made-up AWS Organization of ${organization.length} accounts and ${total} users`,
    `(roots included), as the daily run stores them in S3, taken at ${asOf}. Every one of the`,
    `${findingIds.size} findings of the catalog over credential reports shows up at least once, next to`,
    'users that are fine (review-revoke reads the inventory: `review` below shows it).',
    '',
    'Scan it at the time the sample was taken:',
    '',
    '```sh',
    `npx credential-tracker scan examples/reports --as-of ${asOf}`,
    `npx credential-tracker scan examples/reports --as-of ${asOf} --config examples/config.json --format html --out report.html`,
    '```',
    '',
    'Without `--as-of` the scan runs at the current time: keys and passwords keep ageing, so more',
    'findings appear the later you look.',
    '',
    "The same accounts' IAM inventory (users with their groups, policies, keys and tags; groups; roles;",
    'customer managed policies), as collect-inventory writes it, makes the access review of each account,',
    'one page per account with every user, its access and its open findings:',
    '',
    '```sh',
    'npx credential-tracker review examples/inventory --reports examples/reports --account 141421356237 --out review.html',
    'npx credential-tracker review examples/inventory --reports examples/reports --out reviews/',
    '```',
    '',
    '## What is in it',
    '',
    '```',
    'examples/',
    '├── config.json        every threshold at its default (rotation_days 90, unused_days 45, ...)',
    `├── ${inventoryKey(EXAMPLE_REPORT_DATE, '<account_id>', 'users')}`,
    '│       and the same for groups, roles and policies: the IAM inventory (the S3 layout)',
    '└── reports/credential-reports/',
    `    └── date=${EXAMPLE_REPORT_DATE}/     one <account_id>.csv per account (the S3 layout)`,
    '```',
    '',
    '| Account | Id | Users | Findings it shows |',
    '|---|---|---|---|',
    ...organization.map(
      (account) =>
        `| ${account.name} | ${account.id} | ${account.users.length} | ${findingIdsOf(account)
          .map((id) => `\`${id}\``)
          .join(', ')} |`,
    ),
    '',
  ];
  for (const account of organization) {
    lines.push(`### ${account.name} (${account.id})`, '', `${account.purpose}.`, '');
    for (const user of account.users) {
      const findings =
        user.findings.length === 0 ? 'clean' : user.findings.map((finding) => `\`${finding}\``).join(', ');
      lines.push(`- \`${user.row.user}\`: ${user.story} — ${findings}`);
    }
    lines.push('', ...reviewSummary(sampleInventory(account)), '');
  }
  lines.push(
    'A finding is written `<finding>:<credential>`, the `finding` and `credential` columns of the scan.',
    'The special values are the ones IAM writes: `N/A` for a credential that does not exist or was never',
    'used, `no_information` for a password with no recorded sign-in (never used, or not since IAM began',
    'tracking in October 2014), `not_supported` for the password fields of `<root_account>`.',
    '',
    '## Regenerate',
    '',
    '```sh',
    'npx tsx scripts/make-examples.ts',
    '```',
    '',
    'The script is deterministic (fixed as-of time, fixed timestamps, no randomness): rerunning it',
    'rewrites the same bytes, and `scripts/test/examples.test.ts` fails when the committed files and the',
    'script disagree, or when a scan of the sample misses a finding of the catalog.',
    '',
  );
  return lines.join('\n');
}

/** What the account's access review shows first: who is admin-equivalent and why, who is flagged. */
function reviewSummary(snapshot: InventorySnapshot): string[] {
  const names = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ');
  const admins = snapshot.users
    .filter((user) => user.admin_equivalent)
    .map((user) => `\`${user.user_name}\` by ${user.admin_sources.map(adminSourceText).join(', ')}`);
  const tagged = snapshot.users
    .filter((user) => user.review !== null)
    .map((user) => `\`${user.user_name}\` = \`${user.review}\``);
  return [
    `Access review — groups: ${names(snapshot.groups.map((group) => group.group_name))}. Admin-equivalent:`,
    `${admins.join('; ') || 'none'}. Review tag: ${tagged.join(', ') || 'none'}.`,
  ];
}

const findingIdOf = (expected: ExpectedFinding): string => expected.split(':')[0] as string;

const findingIdsOf = (account: SampleAccount): string[] =>
  [...new Set(account.users.flatMap((user) => user.findings.map(findingIdOf)))].sort();

/** Replaces the generated files under `directory` (the reports folder is wholly generated). */
export async function writeExamples(directory: string = DEFAULT_EXAMPLES_DIR): Promise<string[]> {
  await rm(join(directory, 'reports'), { recursive: true, force: true });
  await rm(join(directory, 'inventory'), { recursive: true, force: true });
  const written: string[] = [];
  for (const [path, content] of exampleFiles()) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const directory = resolve(process.argv[2] ?? DEFAULT_EXAMPLES_DIR);
  for (const file of await writeExamples(directory)) console.log(`wrote ${file}`);
}
