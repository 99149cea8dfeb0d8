import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NO_INFORMATION,
  formatCredentialReport,
  iamUserRow,
  rootRow,
  type CredentialReportRow,
} from '@credential-tracker/core';
import { SeededRandom } from '@credential-tracker/testing';

type Columns = Partial<CredentialReportRow>;

const DAY_MS = 86_400_000;

/** What a synthetic Organization is made of; the defaults model a large, middling-kept estate. */
export interface SyntheticOrganizationOptions {
  /** Users in the whole Organization, root users included. */
  readonly users: number;
  /** Rows per credential report, the root row included; the last account takes the remainder. */
  readonly usersPerAccount?: number;
  readonly asOf: Date;
  readonly seed?: number;
}

export interface SyntheticOrganization {
  readonly files: readonly string[];
  readonly users: number;
}

/**
 * Writes one credential report per account, in the S3 layout, under `directory`. Reports are built
 * and written one account at a time, so generating a million users needs little memory.
 */
export async function writeSyntheticOrganization(
  directory: string,
  options: SyntheticOrganizationOptions,
): Promise<SyntheticOrganization> {
  const perAccount = options.usersPerAccount ?? 1_000;
  const folder = join(directory, 'credential-reports', `date=${options.asOf.toISOString().slice(0, 10)}`);
  await mkdir(folder, { recursive: true });
  const random = new SeededRandom(options.seed ?? 20261123);
  const clock = new Clock(options.asOf, random);
  const files: string[] = [];
  let remaining = options.users;
  for (let index = 0; remaining > 0; index += 1) {
    const rows = Math.min(perAccount, remaining);
    const accountId = String(100_000_000_000 + index);
    const file = join(folder, `${accountId}.csv`);
    await writeFile(file, formatCredentialReport(accountRows(accountId, rows, random, clock)));
    files.push(file);
    remaining -= rows;
  }
  return { files, users: options.users };
}

/** Instants a whole number of days (plus a random time of day) before the as-of time. */
class Clock {
  constructor(
    private readonly asOf: Date,
    private readonly random: SeededRandom,
  ) {}

  /** Between `min` and `max` days before the as-of time, at a random second of the day. */
  daysAgo(min: number, max: number): Date {
    const days = this.random.integer(min, max);
    return new Date(this.asOf.getTime() - days * DAY_MS - this.random.integer(1, 86_399) * 1000);
  }

  /** A random instant in the last three days, and not before `since`: a credential in daily use. */
  recentlyAfter(since: Date): Date {
    const threeDaysAgo = new Date(this.asOf.getTime() - 3 * DAY_MS);
    return this.between(since > threeDaysAgo ? since : threeDaysAgo, new Date(this.asOf.getTime() - 1000));
  }

  /** A random instant between `earliest` and `latest`. */
  between(earliest: Date, latest: Date): Date {
    const span = Math.max(0, latest.getTime() - earliest.getTime());
    return new Date(earliest.getTime() + Math.floor(this.random.next() * span));
  }
}

function accountRows(
  accountId: string,
  rows: number,
  random: SeededRandom,
  clock: Clock,
): CredentialReportRow[] {
  const report = [rootOf(accountId, random, clock)];
  for (let index = 1; index < rows; index += 1) {
    report.push(userOf(accountId, index, random, clock));
  }
  return report;
}

// Most root users are well kept; a few show each root finding.
function rootOf(accountId: string, random: SeededRandom, clock: Clock): CredentialReportRow {
  const created = clock.daysAgo(800, 4000);
  const columns: Columns = {
    user_creation_time: created,
    password_last_used: clock.between(created, clock.daysAgo(31, 700)),
    mfa_active: random.next() >= 0.08,
  };
  if (random.next() < 0.1) columns.password_last_used = clock.daysAgo(0, 29);
  if (random.next() < 0.05) {
    const rotated = clock.between(created, clock.daysAgo(200, 700));
    Object.assign(columns, key(1, rotated, clock.between(rotated, clock.daysAgo(30, 199)), random));
  }
  return rootRow(accountId, columns);
}

type Archetype =
  | 'fresh-key'
  | 'old-key'
  | 'stale-key'
  | 'never-used-key'
  | 'two-keys'
  | 'console'
  | 'console-and-key'
  | 'console-no-mfa'
  | 'console-unused'
  | 'console-never-used'
  | 'console-unused-initial-key'
  | 'certificate'
  | 'disabled';

// About two users in five carry at least one finding: what a first scan of a neglected estate shows.
const ARCHETYPES: readonly (readonly [Archetype, number])[] = [
  ['fresh-key', 30],
  ['old-key', 10],
  ['stale-key', 5],
  ['never-used-key', 3],
  ['two-keys', 4],
  ['console', 22],
  ['console-and-key', 6],
  ['console-no-mfa', 5],
  ['console-unused', 5],
  ['console-never-used', 2],
  ['console-unused-initial-key', 2],
  ['certificate', 2],
  ['disabled', 4],
];

const SERVICES = ['s3', 'sts', 'ec2', 'lambda', 'dynamodb', 'ecr', 'cloudformation', 'sqs', 'iam'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const PEOPLE = [
  'alice',
  'bruno',
  'chloe',
  'emma',
  'hannah',
  'jonas',
  'kenji',
  'lucas',
  'maria',
  'noah',
  'priya',
];
const SURNAMES = [
  'martin',
  'keller',
  'dubois',
  'rossi',
  'schmidt',
  'weber',
  'tanaka',
  'moreau',
  'silva',
  'nair',
];
const SYSTEMS = [
  'ci-deployer',
  'terraform-runner',
  'etl',
  'backup',
  'exporter',
  'sync',
  'batch',
  'integration',
];

function userOf(accountId: string, index: number, random: SeededRandom, clock: Clock): CredentialReportRow {
  const archetype = random.weighted(ARCHETYPES);
  const human = archetype.startsWith('console');
  const suffix = String(index).padStart(4, '0');
  const name = human
    ? `${random.pick(PEOPLE)}.${random.pick(SURNAMES)}.${suffix}`
    : `${random.pick(SYSTEMS)}-${suffix}`;
  const created = clock.daysAgo(400, 3000);
  return iamUserRow(accountId, name, {
    user_creation_time: created,
    ...credentialsOf(archetype, created, random, clock),
  });
}

function credentialsOf(archetype: Archetype, created: Date, random: SeededRandom, clock: Clock): Columns {
  const recently = (since: Date): Date => clock.recentlyAfter(since);
  switch (archetype) {
    case 'fresh-key': {
      const rotated = clock.daysAgo(1, 85);
      return key(1, rotated, recently(rotated), random);
    }
    case 'old-key': {
      const rotated = clock.between(created, clock.daysAgo(95, 380));
      return key(1, rotated, recently(rotated), random);
    }
    case 'stale-key': {
      const rotated = clock.between(created, clock.daysAgo(100, 380));
      return key(1, rotated, clock.between(rotated, clock.daysAgo(50, 99)), random);
    }
    case 'never-used-key':
      return key(1, clock.daysAgo(50, 300), undefined, random);
    case 'two-keys': {
      const first = clock.daysAgo(60, 85);
      const second = clock.daysAgo(1, 10);
      return { ...key(1, first, recently(first), random), ...key(2, second, recently(second), random) };
    }
    case 'console':
      return password(clock.daysAgo(1, 120), clock.daysAgo(0, 30), true);
    case 'console-and-key': {
      const rotated = clock.daysAgo(1, 80);
      return {
        ...password(clock.daysAgo(1, 120), clock.daysAgo(0, 30), true),
        ...key(1, rotated, recently(rotated), random),
      };
    }
    case 'console-no-mfa':
      return password(clock.daysAgo(1, 120), clock.daysAgo(0, 30), false);
    case 'console-unused': {
      const changed = clock.between(created, clock.daysAgo(200, 399));
      return password(changed, clock.between(changed, clock.daysAgo(50, 199)), true);
    }
    case 'console-never-used':
      return password(clock.daysAgo(60, 300), 'never', true);
    case 'console-unused-initial-key': {
      const setUp = clock.daysAgo(1, 30);
      return {
        ...password(setUp, clock.between(setUp, clock.daysAgo(0, 0)), false),
        ...key(1, setUp, undefined, random),
      };
    }
    case 'certificate':
      return { cert_1_active: true, cert_1_last_rotated: clock.between(created, clock.daysAgo(30, 300)) };
    case 'disabled': {
      const rotated = clock.between(created, clock.daysAgo(200, 399));
      return {
        ...key(1, rotated, clock.between(rotated, clock.daysAgo(100, 199)), random),
        access_key_1_active: false,
      };
    }
  }
}

function password(changed: Date, lastUsed: Date | 'never', mfa: boolean): Columns {
  return {
    password_enabled: true,
    password_last_changed: changed,
    password_last_used: lastUsed === 'never' ? NO_INFORMATION : lastUsed,
    mfa_active: mfa,
  };
}

function key(slot: 1 | 2, rotated: Date, lastUsed: Date | undefined, random: SeededRandom): Columns {
  const columns: Columns = {
    [`access_key_${slot}_active`]: true,
    [`access_key_${slot}_last_rotated`]: rotated,
  };
  if (lastUsed !== undefined) {
    Object.assign(columns, {
      [`access_key_${slot}_last_used_date`]: lastUsed,
      [`access_key_${slot}_last_used_region`]: random.pick(REGIONS),
      [`access_key_${slot}_last_used_service`]: random.pick(SERVICES),
    });
  }
  return columns;
}
