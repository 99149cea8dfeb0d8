import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import Papa from 'papaparse';
import { formatCredentialReport, iamUserRow, rootRow } from '@credential-tracker/core';
import { inventoryKey } from '@credential-tracker/core/aws';
import {
  inventorySnapshotFiles,
  type InventoryGroup,
  type InventorySnapshot,
  type InventoryUser,
} from '@credential-tracker/core/inventory';
import type { Finding } from '@credential-tracker/findings/local';
import { parseCommandLine } from '../src/arguments.js';
import { run } from '../src/run.js';
import { builtBin } from './support/bin.js';
import { collectedIo } from './support/output.js';
import { akRotationCatalog } from './support/reports.js';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const DATE = '2024-06-01';
const EARLIER = '2024-05-31';
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function user(accountId: string, name: string, overrides: Partial<InventoryUser> = {}): InventoryUser {
  return {
    account_id: accountId,
    user_name: name,
    user_id: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    path: '/',
    created_at: '2023-01-01T00:00:00.000Z',
    tags: [],
    review: null,
    groups: [],
    access_keys: [],
    attached_policies: [],
    inline_policies: [],
    admin_equivalent: false,
    admin_sources: [],
    ...overrides,
  };
}

function adminsGroup(accountId: string, members: string[]): InventoryGroup {
  return {
    account_id: accountId,
    group_name: 'admins',
    group_id: 'AGPAADMINSXXXXXXXXXXX',
    arn: `arn:aws:iam::${accountId}:group/admins`,
    path: '/',
    created_at: '2022-01-01T00:00:00.000Z',
    members,
    attached_policies: ['AdministratorAccess'],
    inline_policies: [],
    admin_equivalent: true,
    admin_sources: ['managed:AdministratorAccess'],
  };
}

/** alice: admin through the admins group; bob: an access key created 2023-06-01. */
function snapshot(accountId: string, date: string): InventorySnapshot {
  return {
    account_id: accountId,
    date,
    users: [
      user(accountId, 'alice', {
        groups: ['admins'],
        admin_equivalent: true,
        admin_sources: ['group:admins/managed:AdministratorAccess'],
      }),
      user(accountId, 'bob', {
        attached_policies: ['ReadOnlyAccess'],
        access_keys: [
          { access_key_id: 'AKIABOB0000000000001', status: 'Active', created_at: '2023-06-01T00:00:00.000Z' },
        ],
      }),
    ],
    groups: [adminsGroup(accountId, ['alice'])],
    roles: [],
    policies: [],
  };
}

class Workspace {
  readonly path = mkdtempSync(join(tmpdir(), 'credential-tracker-review-'));
  readonly inventory = join(this.path, 'inventory');
  readonly reports = join(this.path, 'reports');

  /** The snapshot's four files where collect-inventory puts them (below the bucket's inventory/). */
  writeSnapshot(value: InventorySnapshot): void {
    for (const { kind, text } of inventorySnapshotFiles(value)) {
      this.write(join(this.path, inventoryKey(value.date, value.account_id, kind)), text);
    }
  }

  inventoryFile(date: string, accountId: string, kind: 'users' | 'groups'): string {
    return join(this.path, inventoryKey(date, accountId, kind));
  }

  /** alice with a console password and MFA, bob's key in slot 1 last used the day before. */
  writeReport(accountId: string, date: string): string {
    const file = join(this.reports, `date=${date}`, `${accountId}.csv`);
    this.write(
      file,
      formatCredentialReport([
        rootRow(accountId),
        iamUserRow(accountId, 'alice', {
          password_enabled: true,
          password_last_used: new Date('2024-05-30T08:00:00Z'),
          mfa_active: true,
        }),
        iamUserRow(accountId, 'bob', {
          access_key_1_active: true,
          access_key_1_last_rotated: new Date('2023-06-01T00:00:00Z'),
          access_key_1_last_used_date: new Date('2024-05-31T09:00:00Z'),
          access_key_1_last_used_region: 'eu-west-1',
          access_key_1_last_used_service: 's3',
        }),
      ]),
    );
    return file;
  }

  write(file: string, text: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

type Row = Record<string, string>;

function csvRows(text: string): Row[] {
  return Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;
}

describe('credential-tracker review', () => {
  let workspace: Workspace;
  let catalog: Finding[];

  beforeEach(() => {
    workspace = new Workspace();
    catalog = akRotationCatalog();
  });

  afterEach(() => {
    workspace.remove();
  });

  describe('its command line', () => {
    it('reads every option', () => {
      // Act
      const command = parseCommandLine([
        'review',
        'inventory/',
        '--date',
        DATE,
        '--account',
        OTHER_ACCOUNT,
        '--account',
        ACCOUNT,
        '--reports',
        'reports/',
        '--as-of',
        '2024-06-01T00:15:00Z',
        '--config',
        'config.json',
        '--format',
        'csv',
        '--out',
        'reviews/',
      ]);

      // Assess
      expect(command).to.deep.equal({
        kind: 'review',
        inventoryDir: 'inventory/',
        date: DATE,
        accounts: [OTHER_ACCOUNT, ACCOUNT].sort(),
        reportsDir: 'reports/',
        asOf: new Date('2024-06-01T00:15:00Z'),
        configPath: 'config.json',
        format: 'csv',
        out: 'reviews/',
      });
    });

    it('defaults to html, or csv when the output file says so', () => {
      expect(parseCommandLine(['review', 'inv'])).to.deep.include({
        format: 'html',
        out: undefined,
        accounts: [],
      });
      expect(parseCommandLine(['review', 'inv', '--out', 'r.CSV'])).to.deep.include({ format: 'csv' });
      expect(parseCommandLine(['review', 'inv', '--out', 'r.csv', '--format', 'html'])).to.deep.include({
        format: 'html',
      });
    });

    for (const [name, argv, message] of [
      ['no directory', ['review'], /^review needs the inventory directory$/],
      ['two directories', ['review', 'a', 'b'], /one inventory directory; unexpected argument b/],
      [
        'a date that is not one',
        ['review', 'a', '--date', '2024-02-30'],
        /--date "2024-02-30" is not a date/,
      ],
      [
        'an account id that is not one',
        ['review', 'a', '--account', '12345'],
        /not a 12-digit AWS account id/,
      ],
      ['an unknown format', ['review', 'a', '--format', 'json'], /--format "json" is not one of html, csv/],
      ['an unknown option', ['review', 'a', '--fail-on', 'high'], /unknown option --fail-on/],
    ] as const) {
      it(`exits 2 with one line for ${name}`, async () => {
        // Prepare
        const io = collectedIo();

        // Act
        const code = await run(argv, io, { catalog });

        // Assess
        expect(code).to.equal(2);
        expect(io.stdout.text).to.equal('');
        const line = io.stderr.text
          .replace(/^credential-tracker: /, '')
          .replace(/ \(see credential-tracker review --help\)\n$/, '');
        expect(line).to.match(message);
        expect(io.stderr.text.trimEnd().split('\n')).to.have.length(1);
      });
    }

    it('has its help, and is named in the main help', async () => {
      // Prepare
      const io = collectedIo();
      const main = collectedIo();

      // Act
      await run(['review', '--help'], io);
      await run(['--help'], main);

      // Assess
      expect(io.stdout.text).to.match(/^Usage: credential-tracker review <inventory-dir> \[options\]/);
      for (const option of ['--date', '--account', '--reports', '--as-of', '--config', '--format', '--out']) {
        expect(io.stdout.text).to.include(option);
      }
      expect(main.stdout.text).to.include('review <inventory-dir>');
    });
  });

  it('prints the CSV review of the one account of the latest date, every user with its groups and policies', async () => {
    // Prepare
    workspace.writeSnapshot(snapshot(ACCOUNT, EARLIER));
    workspace.writeSnapshot({
      ...snapshot(ACCOUNT, DATE),
      users: [...snapshot(ACCOUNT, DATE).users, user(ACCOUNT, 'carol')],
    });
    const io = collectedIo();

    // Act
    const code = await run(['review', workspace.path, '--format', 'csv'], io, { catalog });

    // Assess
    expect(io.stderr.text).to.equal('');
    expect(code).to.equal(0);
    const rows = csvRows(io.stdout.text);
    expect(
      rows.map((row) => [
        row.user_name,
        row.groups,
        row.managed_policies,
        row.admin_equivalent,
        row.admin_reasons,
      ]),
    ).to.deep.equal([
      ['alice', 'admins', 'AdministratorAccess (group admins)', 'yes', 'AdministratorAccess (group admins)'],
      ['bob', '', 'ReadOnlyAccess', 'no', ''],
      ['carol', '', '', 'no', ''],
    ]);
    // Without reports: what they would tell is unknown; ages from the start of the inventory's date.
    expect(rows[1]).to.deep.include({
      console: 'unknown',
      mfa: 'unknown',
      last_activity: 'unknown',
      open_findings: 'unknown',
      active_keys: '1',
      oldest_active_key_age_days: '366',
    });
  });

  it('reads an earlier date when asked', async () => {
    // Prepare
    workspace.writeSnapshot(snapshot(ACCOUNT, EARLIER));
    workspace.writeSnapshot({ ...snapshot(ACCOUNT, DATE), users: [] });
    const io = collectedIo();

    // Act
    const code = await run(['review', workspace.inventory, '--date', EARLIER, '--format', 'csv'], io, {
      catalog,
    });

    // Assess
    expect(code).to.equal(0);
    expect(csvRows(io.stdout.text).map((row) => row.user_name)).to.deep.equal(['alice', 'bob']);
  });

  it("fills console, MFA, last activity and open findings from the same day's credential reports", async () => {
    // Prepare: bob's key is past rotation_days; a report of another date is left out
    workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
    workspace.writeReport(ACCOUNT, DATE);
    workspace.write(join(workspace.reports, `date=${EARLIER}`, `${ACCOUNT}.csv`), 'not a report');
    const io = collectedIo();

    // Act
    const code = await run(
      ['review', workspace.inventory, '--reports', workspace.reports, '--format', 'csv'],
      io,
      {
        catalog,
      },
    );

    // Assess
    expect(io.stderr.text).to.equal('');
    expect(code).to.equal(0);
    const [alice, bob] = csvRows(io.stdout.text);
    expect(alice).to.deep.include({
      console: 'enabled',
      mfa: 'yes',
      last_activity: '2024-05-30T08:00:00.000Z',
      last_activity_via: 'console',
      open_findings: '',
    });
    expect(bob).to.deep.include({
      console: 'disabled',
      mfa: 'no',
      last_activity: '2024-05-31T09:00:00.000Z',
      last_activity_via: 'access key',
      open_findings: 'ak-rotation:access_key_1 (366 days)',
    });
  });

  it('writes the HTML page to --out', async () => {
    // Prepare
    workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
    const out = join(workspace.path, 'review.html');
    const io = collectedIo();

    // Act
    const code = await run(['review', workspace.inventory, '--out', out], io, { catalog });

    // Assess
    expect(code).to.equal(0);
    expect(io.stdout.text).to.equal('');
    const html = readFileSync(out, 'utf8');
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include(`Access review of AWS account ${ACCOUNT}, ${DATE}`);
    expect(html.match(/<tr data-index=/g)).to.have.length(2);
  });

  it('needs --account or --out DIR for several accounts, and writes one file each to the directory', async () => {
    // Prepare
    workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
    workspace.writeSnapshot(snapshot(OTHER_ACCOUNT, DATE));
    const toStdout = collectedIo();
    const one = collectedIo();
    const toDirectory = collectedIo();
    const out = join(workspace.path, 'reviews');

    // Act
    const refused = await run(['review', workspace.inventory], toStdout, { catalog });
    const single = await run(
      ['review', workspace.inventory, '--account', OTHER_ACCOUNT, '--format', 'csv'],
      one,
      {
        catalog,
      },
    );
    const written = await run(['review', workspace.inventory, '--out', out], toDirectory, { catalog });

    // Assess
    expect(refused).to.equal(2);
    expect(toStdout.stdout.text).to.equal('');
    expect(toStdout.stderr.text).to.equal(
      `credential-tracker: 2 accounts have an inventory of ${DATE} (${ACCOUNT}, ${OTHER_ACCOUNT}): give --account ID for one on stdout, or --out DIR for a file each (see credential-tracker review --help)\n`,
    );
    expect(single).to.equal(0);
    expect(csvRows(one.stdout.text).map((row) => row.account_id)).to.deep.equal([
      OTHER_ACCOUNT,
      OTHER_ACCOUNT,
    ]);
    expect(written).to.equal(0);
    const files = [`access-review-${ACCOUNT}-${DATE}.html`, `access-review-${OTHER_ACCOUNT}-${DATE}.html`];
    expect(readdirSync(out).sort()).to.deep.equal(files);
    expect(toDirectory.stdout.text).to.equal(files.map((file) => `${join(out, file)}\n`).join(''));
    expect(readFileSync(join(out, files[1] as string), 'utf8')).to.include(OTHER_ACCOUNT);
  });

  for (const [name, prepare, args, message] of [
    [
      'a missing directory',
      () => undefined,
      () => [join(workspace.path, 'nope')],
      /nope: no such directory$/,
    ],
    [
      'a directory without inventory',
      () => undefined,
      () => [workspace.path],
      /^no inventory under .*: expected \S*users\S* files/,
    ],
    [
      'a date without inventory',
      () => workspace.writeSnapshot(snapshot(ACCOUNT, DATE)),
      () => [workspace.path, '--date', EARLIER],
      new RegExp(`^no inventory of ${EARLIER} under .*; its dates are ${DATE}$`),
    ],
    [
      'an account without inventory',
      () => workspace.writeSnapshot(snapshot(ACCOUNT, DATE)),
      () => [workspace.path, '--account', OTHER_ACCOUNT],
      new RegExp(
        `^no inventory of account ${OTHER_ACCOUNT} on ${DATE} under .*; its accounts that day are ${ACCOUNT}$`,
      ),
    ],
    [
      'a snapshot without its groups file',
      () => {
        workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
        rmSync(workspace.inventoryFile(DATE, ACCOUNT, 'groups'));
      },
      () => [workspace.path],
      /groups\/123456789012\.jsonl: missing; the inventory of account 123456789012 on 2024-06-01 is incomplete/,
    ],
    [
      'a line that is not a user record',
      () => {
        workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
        const file = workspace.inventoryFile(DATE, ACCOUNT, 'users');
        writeFileSync(file, `${readFileSync(file, 'utf8')}{"user_name": "mallory"}\n`);
      },
      () => [workspace.path],
      /users\/123456789012\.jsonl:3: not a valid users record/,
    ],
    [
      'reports without one of the date',
      () => {
        workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
        workspace.writeReport(ACCOUNT, EARLIER);
      },
      () => [workspace.path, '--reports', workspace.reports],
      new RegExp(`^no credential report of ${DATE} under .*reports`),
    ],
    [
      'an invalid report',
      () => {
        workspace.writeSnapshot(snapshot(ACCOUNT, DATE));
        workspace.write(join(workspace.reports, `date=${DATE}`, `${ACCOUNT}.csv`), 'user,arn\nx,y\n');
      },
      () => [workspace.path, '--reports', workspace.reports],
      /123456789012\.csv:1/,
    ],
  ] as const) {
    it(`exits 2 with one line naming the problem for ${name}`, async () => {
      // Prepare
      prepare();
      const io = collectedIo();

      // Act
      const code = await run(['review', ...args()], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text.trimEnd().split('\n')).to.have.length(1);
      expect(io.stderr.text.replace(/^credential-tracker: /, '').trimEnd()).to.match(message);
    });
  }

  it('renders the committed sample through the bin: a real review with groups, admins, flags and findings', async () => {
    // Act
    const bin = await builtBin();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            bin,
            'review',
            join(EXAMPLES, 'inventory'),
            '--reports',
            join(EXAMPLES, 'reports'),
            '--account',
            '173205080756',
            '--format',
            'csv',
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );

    // Assess
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    const rows = csvRows(result.stdout);
    const byName = new Map(rows.map((row) => [row.user_name, row]));
    expect(rows).to.have.length(8);
    expect(byName.get('jonas.weber')).to.deep.include({
      groups: 'developers; sandbox-admins',
      admin_equivalent: 'yes',
      admin_reasons: 'AdministratorAccess (group sandbox-admins)',
      console: 'enabled',
      mfa: 'yes',
    });
    expect(byName.get('intern-2025')).to.deep.include({
      review_tag: 'revoke',
      flagged_for_revoke: 'yes',
      open_findings: 'console-mfa:mfa; cred-usage:password (450 days); review-revoke:user',
    });
    expect(byName.get('sandbox-cleaner')).to.deep.include({ admin_reasons: 'sandbox-nuke' });
  });
});
