import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  CHANGE_COLUMNS,
  ChangeQueryCatalogError,
  ChangeQueryError,
  changeQueriesDirectory,
  dayBefore,
  loadCatalog,
  loadChangeQueries,
  loadChangeQuery,
  runChangeQueries,
} from '../src/local.js';
import { FIXTURES, NEW_ACCOUNT, PREVIOUS_DATE, PROD, DEV, SNAPSHOT_DATE } from './support/change-harness.js';

const EXPECTED = {
  'access-keys-added-removed': ['access-key-created', 'access-key-deleted'],
  'admin-access-granted': ['admin-access-granted'],
  'direct-user-policies': ['direct-user-policy'],
  'group-members-added-removed': ['group-member-added', 'group-member-removed'],
  'policies-attached-detached': ['policy-attached', 'policy-detached'],
  'review-flagged': ['review-flagged', 'review-cleared'],
  'roles-added-removed': ['role-added', 'role-removed'],
  'users-added-removed': ['user-added', 'user-removed'],
};

describe('the change queries', () => {
  const queries = loadChangeQueries();

  it('are one folder each, in id order, each declaring the changes it reports', () => {
    // Prepare
    const folders = readdirSync(changeQueriesDirectory(), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);

    // Assess
    expect(queries.map((query) => query.id)).to.deep.equal(Object.keys(EXPECTED));
    expect(folders.sort()).to.deep.equal(Object.keys(EXPECTED));
    expect(Object.fromEntries(queries.map((query) => [query.id, query.changes]))).to.deep.equal(EXPECTED);
  });

  it('bind snapshot_date, and previous_date unless they report the state of the day', () => {
    for (const query of queries) {
      const expected =
        query.id === 'direct-user-policies' ? ['snapshot_date'] : ['snapshot_date', 'previous_date'];
      expect(
        query.parameters.map((parameter) => parameter.name),
        query.id,
      ).to.deep.equal(expected);
    }
    expect(queries.find((query) => query.id === 'direct-user-policies')?.references.cis).to.equal(
      'CIS AWS Foundations Benchmark v3.0.0, 1.15',
    );
  });

  it('share no id with a finding: the named queries of both live in one Athena workgroup', () => {
    const findings = new Set(loadCatalog().map((finding) => finding.id));
    expect(queries.map((query) => query.id).filter((id) => findings.has(id))).to.deep.equal([]);
  });

  it('never read the clock: the dates are parameters', () => {
    for (const query of queries) {
      expect(query.sql, query.id).not.to.match(/current_(date|timestamp)|\bnow\(/i);
    }
  });

  it('all run over the two fixture snapshots, returning the one change shape, and say which accounts were compared', async () => {
    // Act
    const report = await runChangeQueries(FIXTURES, { snapshotDate: SNAPSHOT_DATE });

    // Assess
    expect(report.snapshot_date).to.equal(SNAPSHOT_DATE);
    expect(report.previous_date).to.equal(PREVIOUS_DATE);
    expect(report.accounts).to.deep.equal({
      compared: [PROD, DEV],
      snapshot_only: [NEW_ACCOUNT],
      previous_only: [],
    });
    expect(report.results.map((result) => result.query.id)).to.deep.equal(Object.keys(EXPECTED));
    for (const { query, rows } of report.results) {
      expect(rows, query.id).not.to.be.empty;
      for (const row of rows) {
        expect(Object.keys(row), query.id).to.deep.equal([...CHANGE_COLUMNS]);
        expect(query.changes, query.id).to.include(row.change);
        expect(row.snapshot_date).to.equal(SNAPSHOT_DATE);
      }
    }
    const changedAccounts = new Set(
      report.results
        .filter((r) => r.query.id !== 'direct-user-policies')
        .flatMap((r) => r.rows.map((row) => row.account_id)),
    );
    expect([...changedAccounts]).to.deep.equal([PROD]);
  });

  it('name both events of a day on which a user joined the admin group and another was tagged for revoke', async () => {
    // Act
    const report = await runChangeQueries(FIXTURES, {
      snapshotDate: SNAPSHOT_DATE,
      previousDate: PREVIOUS_DATE,
    });

    // Assess
    const events = report.results
      .flatMap((result) => result.rows)
      .filter(
        (row) =>
          ['admin-access-granted', 'review-flagged'].includes(row.change) && row.principal_type === 'user',
      )
      .map((row) => `${row.change} ${row.principal_name}: ${row.detail}`);
    expect(events).to.deep.equal([
      'admin-access-granted bob: added to group admins, which holds managed policy AdministratorAccess',
      'review-flagged carol: credential-tracker:review set to revoke',
    ]);
  });

  describe('loading and running a broken one', () => {
    let directory: string;

    const write = (id: string, json: object, sql: string): string => {
      const folder = join(directory, id);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'change.json'), JSON.stringify(json));
      writeFileSync(join(folder, 'query.sql'), sql);
      return folder;
    };
    const metadata = (id: string, changes: string[] = ['user-added']) => ({
      id,
      title: 'A change',
      description: 'A change of the day.',
      changes,
      references: { cis: null },
      parameters: [
        { name: 'snapshot_date', type: 'date', description: 'the day' },
        { name: 'previous_date', type: 'date', description: 'the day before' },
      ],
    });
    const USERS_ADDED = join(changeQueriesDirectory(), 'users-added-removed', 'query.sql');

    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'change-queries-'));
    });

    afterEach(() => rmSync(directory, { recursive: true, force: true }));

    it('refuses a folder whose change.json names another id', () => {
      const folder = write(
        'right',
        metadata('wrong'),
        'SELECT CAST(? AS varchar) AS snapshot_date, CAST(? AS varchar) AS previous_date',
      );
      expect(() => loadChangeQuery(folder))
        .to.throw(ChangeQueryCatalogError)
        .with.property(
          'message',
          'change query right: change.json has id "wrong"; the id is the folder name',
        );
    });

    it('refuses a query that binds its parameters in another order than change.json declares', () => {
      const folder = write(
        'swapped',
        metadata('swapped'),
        'SELECT CAST(? AS varchar) AS previous_date, CAST(? AS varchar) AS snapshot_date',
      );
      expect(() => loadChangeQuery(folder)).to.throw(
        ChangeQueryCatalogError,
        /^change query swapped: query.sql binds parameters \[previous_date, snapshot_date\] with 2 placeholders, but change.json declares \[snapshot_date, previous_date\]/,
      );
    });

    it('refuses a row whose change change.json does not declare, naming the query', async () => {
      // Prepare: users-added-removed's SQL, declaring only one of its two changes.
      const folder = write(
        'half-declared',
        metadata('half-declared', ['user-added']),
        readFileSync(USERS_ADDED, 'utf8'),
      );

      // Act
      let error: unknown;
      try {
        await runChangeQueries(FIXTURES, { snapshotDate: SNAPSHOT_DATE, queries: [loadChangeQuery(folder)] });
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).to.be.instanceOf(ChangeQueryError);
      expect((error as Error).message).to.equal(
        'change query half-declared: row 1 is a user-removed change; change.json declares [user-added]',
      );
    });
  });

  it('default the previous snapshot to the day before, across months and leap days', () => {
    expect(dayBefore('2026-11-23')).to.equal('2026-11-22');
    expect(dayBefore('2026-03-01')).to.equal('2026-02-28');
    expect(dayBefore('2028-03-01')).to.equal('2028-02-29');
    expect(dayBefore('2027-01-01')).to.equal('2026-12-31');
    expect(() => dayBefore('2026-02-30')).to.throw(RangeError, '"2026-02-30" is not a date (YYYY-MM-DD)');
  });
});
