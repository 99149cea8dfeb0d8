import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { iamUserRow, rootRow, type CredentialReportRow } from '@credential-tracker/core';
import { loadCatalog } from '@credential-tracker/findings';
import { run } from '../src/run.js';
import { collectedIo } from './support/output.js';
import { AS_OF, ReportDirectory } from './support/reports.js';

const ACCOUNT = '123456789012';
const YESTERDAY = new Date('2024-05-31T09:00:00Z');

interface JsonPlan {
  as_of: string;
  enforce: boolean;
  reports: { account_id: string; source: string; users: number }[];
  decisions: {
    finding: string;
    outcome: string;
    user_name: string;
    credential: string;
    action: { kind: string } | null;
    skip_reason: string | null;
    [field: string]: unknown;
  }[];
  blast_radius: { deferred: number };
  alert_ops: boolean;
  exemptions_unchecked: boolean;
  notes: string[];
}

/**
 * Root with an old active key (a root finding, never remediated), alice with a 152-day-old key
 * (ak-rotation), bob with a password unused for 92 days (cred-usage), carol with a key unused for
 * 61 days (ak-usage) and dave, who is fine.
 */
function organisationRows(): CredentialReportRow[] {
  return [
    rootRow(ACCOUNT, {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2020-01-01T00:00:00Z'),
      access_key_1_last_used_date: new Date('2020-02-01T00:00:00Z'),
    }),
    iamUserRow(ACCOUNT, 'alice', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2024-01-01T00:00:00Z'),
      access_key_1_last_used_date: YESTERDAY,
    }),
    iamUserRow(ACCOUNT, 'bob', {
      password_enabled: true,
      password_last_changed: new Date('2023-06-01T00:00:00Z'),
      password_last_used: new Date('2024-03-01T00:00:00Z'),
    }),
    iamUserRow(ACCOUNT, 'carol', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2024-03-15T00:00:00Z'),
      access_key_1_last_used_date: new Date('2024-04-01T00:00:00Z'),
    }),
    iamUserRow(ACCOUNT, 'dave'),
  ];
}

const outline = (plan: JsonPlan): string[] =>
  plan.decisions.map((decision) =>
    `${decision.finding} ${decision.user_name} ${decision.outcome} ${decision.action?.kind ?? decision.skip_reason ?? ''}`.trim(),
  );

describe('credential-tracker plan', () => {
  let reports: ReportDirectory;
  let file: string;

  beforeEach(() => {
    reports = new ReportDirectory();
    file = reports.write(`${ACCOUNT}.csv`, organisationRows());
  });

  afterEach(() => {
    reports.remove();
  });

  async function planJson(...extra: string[]): Promise<JsonPlan> {
    const io = collectedIo();
    const code = await run(['plan', file, '--as-of', AS_OF, '--format', 'json', ...extra], io);
    expect(io.stderr.text).to.equal('');
    expect(code).to.equal(0);
    return JSON.parse(io.stdout.text) as JsonPlan;
  }

  it('prints, as json, every decision the planner takes on the report, all planned with enforce off', async () => {
    // Act
    const plan = await planJson();

    // Assess
    expect(plan).to.deep.include({ as_of: '2024-06-01T00:00:00.000Z', enforce: false, alert_ops: false });
    expect(plan.reports).to.deep.equal([{ account_id: ACCOUNT, source: file, users: 5 }]);
    expect(outline(plan)).to.deep.equal([
      'ak-rotation alice planned create_key_and_store',
      'ak-usage carol planned deactivate_key',
      'cred-usage bob planned delete_login_profile',
    ]);
    expect(plan.decisions[0]).to.deep.equal({
      finding: 'ak-rotation',
      outcome: 'planned',
      account_id: ACCOUNT,
      user_name: 'alice',
      user_arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      credential: 'access_key_1',
      credential_id: 'access_key_1',
      action: {
        kind: 'create_key_and_store',
        previous_access_key_id: 'access_key_1',
        secret_name: 'credential-tracker/alice',
        secret_readers: [`arn:aws:iam::${ACCOUNT}:user/alice`],
      },
      skip_reason: null,
      reason:
        'access key access_key_1 is 152 days old (rotation_days 90): a new key is created and stored in Secrets Manager as credential-tracker/alice; switch to it, the old key is deactivated after 2024-06-16',
      next_step: { action: 'deactivate_key', due_at: '2024-06-16T00:00:00.000Z' },
    });
  });

  it('says that a report cannot carry the exempt tag or groups', async () => {
    // Act
    const plan = await planJson();

    // Assess
    expect(plan.exemptions_unchecked).to.equal(true);
    expect(plan.notes.join('\n')).to.match(
      /no tags or groups: the exempt tag \(credential-tracker:exempt=true\) and exempt_groups can only be applied in AWS/,
    );
  });

  it('prints a table by default, even into a pipe', async () => {
    // Prepare
    const io = collectedIo();

    // Act
    const code = await run(['plan', file, '--as-of', AS_OF], io);

    // Assess
    expect(code).to.equal(0);
    const lines = io.stdout.text.split('\n');
    expect(lines[0]).to.equal('PLANNED (3)');
    expect(lines[1]).to.match(/^ {2}FINDING +ACCOUNT +USER +CREDENTIAL +ACTION +NEXT STEP$/);
    expect(lines[2]).to.match(
      /^ {2}ak-rotation +123456789012 +alice +access_key_1 +create_key_and_store +deactivate_key after 2024-06-16$/,
    );
    expect(lines[3]).to.match(/^ {6}access key access_key_1 is 152 days old/);
    expect(io.stdout.text).to.include('Note: A credential report has no tags or groups');
    expect(io.stdout.text).to.match(
      /\n3 decisions \(3 planned\) for 5 users in 1 account as of 2024-06-01T00:00:00\.000Z\n$/,
    );
  });

  it('honours exclude_users and include_users from --config', async () => {
    // Prepare
    const config = reports.writeText(
      'settings.json',
      JSON.stringify({ include_users: ['alice', 'carol'], exclude_users: ['carol'] }),
    );

    // Act
    const plan = await planJson('--config', config);

    // Assess
    expect(outline(plan)).to.deep.equal([
      'ak-rotation alice planned create_key_and_store',
      'ak-usage carol skip excluded_user',
      'cred-usage bob skip not_included',
    ]);
  });

  it('still only plans with enforce on, and says what a deployment would do', async () => {
    // Prepare
    const config = reports.writeText('settings.json', JSON.stringify({ enforce: true }));

    // Act
    const plan = await planJson('--config', config);

    // Assess
    expect(plan.enforce).to.equal(true);
    expect(plan.decisions.map((decision) => decision.outcome)).to.deep.equal([
      'planned',
      'planned',
      'planned',
    ]);
    expect(plan.notes[0]).to.match(
      /^enforce is on in this configuration: a deployment would take the planned actions/,
    );
  });

  it('shows what the blast-radius limits would defer', async () => {
    // Prepare
    const config = reports.writeText('settings.json', JSON.stringify({ max_actions_per_account: 1 }));

    // Act
    const plan = await planJson('--config', config);

    // Assess
    expect(outline(plan)).to.deep.equal([
      'ak-rotation alice planned create_key_and_store',
      'ak-usage carol deferred deactivate_key',
      'cred-usage bob deferred delete_login_profile',
    ]);
    expect(plan.blast_radius.deferred).to.equal(2);
    expect(plan.notes.join('\n')).to.match(/2 actions deferred by the blast-radius limits/);
  });

  it('follows the thresholds of --config', async () => {
    // Prepare: with rotation_days 200, alice's 152-day-old key is not due.
    const config = reports.writeText('settings.json', JSON.stringify({ rotation_days: 200 }));

    // Act
    const plan = await planJson('--config', config);

    // Assess
    expect(outline(plan)).to.deep.equal([
      'ak-usage carol planned deactivate_key',
      'cred-usage bob planned delete_login_profile',
    ]);
  });

  it('writes the plan to --out and nothing to stdout', async () => {
    // Prepare
    const io = collectedIo();
    const out = join(reports.path, 'plan.json');

    // Act
    const code = await run(['plan', file, '--as-of', AS_OF, '--format', 'json', '--out', out], io);

    // Assess
    expect(code).to.equal(0);
    expect(io.stdout.text).to.equal('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonPlan).decisions).to.have.length(3);
  });

  it('prints an empty plan for a report with nothing to remediate', async () => {
    // Prepare
    const clean = reports.write('210987654321.csv', [
      rootRow('210987654321'),
      iamUserRow('210987654321', 'erin'),
    ]);
    const io = collectedIo();

    // Act
    const code = await run(['plan', clean, '--as-of', AS_OF], io);

    // Assess
    expect(code).to.equal(0);
    expect(io.stdout.text).to.match(
      /^Note: enforce is off[^\n]*\nNothing to remediate: 2 users in 1 account as of 2024-06-01T00:00:00\.000Z\n$/,
    );
  });

  it('shows the review-revoke decisions when its finding has rows, only planned (a report has no tags)', async () => {
    // Prepare: the CLI reads no inventory, so a stand-in query flags erin and frank from the report
    const flagged = reports.write('210987654321.csv', [
      rootRow('210987654321'),
      iamUserRow('210987654321', 'erin', {
        password_enabled: true,
        password_last_changed: new Date('2024-01-01T00:00:00Z'),
        password_last_used: YESTERDAY,
        access_key_1_active: true,
        access_key_1_last_rotated: new Date('2024-05-01T00:00:00Z'),
        access_key_1_last_used_date: YESTERDAY,
        access_key_2_active: false,
        access_key_2_last_rotated: new Date('2024-04-01T00:00:00Z'),
      }),
      iamUserRow('210987654321', 'frank'),
    ]);
    const catalog = loadCatalog().map((finding) =>
      finding.id === 'review-revoke' ? { ...finding, sql: REVIEW_REVOKE_STAND_IN } : finding,
    );
    const io = collectedIo();

    // Act
    const code = await run(['plan', flagged, '--as-of', AS_OF, '--format', 'json'], io, { catalog });

    // Assess
    expect(code).to.equal(0);
    const plan = JSON.parse(io.stdout.text) as JsonPlan;
    expect(outline(plan)).to.deep.equal([
      'review-revoke erin planned delete_login_profile',
      'review-revoke erin planned deactivate_key',
      'review-revoke frank skip already_inactive',
    ]);
    expect(plan.decisions[1]).to.deep.include({ credential: 'access_key', credential_id: 'access_key_1' });
    expect(plan.decisions[0]?.reason).to.match(
      /tagged credential-tracker:review=revoke \(its live tags are unknown here\): console access is removed/,
    );
  });

  describe('errors: exit 2, one line on stderr, nothing on stdout', () => {
    it('names every bad setting of the configuration', async () => {
      // Prepare
      const config = reports.writeText(
        'settings.json',
        JSON.stringify({ enforce: 'yes', max_actions_per_run: 0 }),
      );
      const io = collectedIo();

      // Act
      const code = await run(['plan', file, '--as-of', AS_OF, '--config', config], io);

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.equal(
        `credential-tracker: invalid configuration in ${config}: enforce: expected true or false, got "yes"; max_actions_per_run: must be at least 1 action, got 0\n`,
      );
    });

    it('points a usage error at the plan help', async () => {
      // Prepare
      const io = collectedIo();

      // Act
      const code = await run(['plan', file, '--format', 'html'], io);

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.equal(
        'credential-tracker: --format "html" is not one of table, json (see credential-tracker plan --help)\n',
      );
    });

    it('names the file and line of an invalid report', async () => {
      // Prepare
      const broken = reports.writeText('210987654321.csv', 'user,arn\n');
      const io = collectedIo();

      // Act
      const code = await run(['plan', broken, '--as-of', AS_OF], io);

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.match(
        /^credential-tracker: [^\n]*210987654321\.csv:1 \(column user_creation_time\)[^\n]*\n$/,
      );
    });
  });

  it('prints its help', async () => {
    // Prepare
    const io = collectedIo();

    // Act
    const code = await run(['plan', '--help'], io);

    // Assess
    expect(code).to.equal(0);
    expect(io.stdout.text).to.match(/^Usage: credential-tracker plan <file-or-dir>\.\.\./);
    expect(io.stdout.text).to.include('exempt_groups');
  });
});

/** review-revoke's columns and parameters over the report, flagging erin and frank: the CLI has no inventory. */
const REVIEW_REVOKE_STAND_IN = `WITH params AS (
  SELECT from_iso8601_timestamp(?) AS as_of, CAST(? AS varchar) AS report_date
)
SELECT
  split_part(r.arn, ':', 5) AS account_id,
  r."user" AS user_name,
  r.arn AS user_arn,
  'user' AS credential,
  CAST(NULL AS timestamp with time zone) AS created_at,
  CAST(NULL AS timestamp with time zone) AS last_used_at,
  CAST(NULL AS integer) AS days
FROM credential_report r
CROSS JOIN params p
WHERE r."date" = p.report_date AND r."user" IN ('erin', 'frank')
ORDER BY account_id, user_name, credential`;
