import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_CONFIG, ROOT_USER_NAME, iamUserRow, rootRow } from '@credential-tracker/core';
import { CATALOG_DIR, CatalogError, loadCatalog, loadFinding, type Finding } from '../src/local.js';
import { ACCOUNT, AS_OF, before, inventoryUser, runFinding } from './support/finding-harness.js';

const ROOT_FINDINGS = ['root-access-key', 'root-mfa', 'root-usage'];

// The table of issue 2: what each finding is, as the catalog must declare it.
const EXPECTED = {
  'ak-rotation': {
    severity: 'high',
    remediation: 'ak-rotation',
    cis: '1.14',
    prowler: 'iam_rotate_access_key_90_days',
    thresholds: ['rotation_days'],
  },
  'ak-usage': {
    severity: 'medium',
    remediation: 'ak-usage',
    cis: '1.12',
    prowler: 'iam_user_accesskey_unused',
    thresholds: ['unused_days'],
  },
  'cert-rotation': {
    severity: 'medium',
    remediation: 'cert-rotation',
    cis: null,
    prowler: null,
    thresholds: ['cert_rotation_days'],
  },
  'console-mfa': {
    severity: 'high',
    remediation: null,
    cis: '1.10',
    prowler: 'iam_user_mfa_enabled_console_access',
    thresholds: [],
  },
  'cred-usage': {
    severity: 'medium',
    remediation: 'cred-usage',
    cis: '1.12',
    prowler: 'iam_user_console_access_unused',
    thresholds: ['unused_days'],
  },
  'review-revoke': {
    severity: 'high',
    remediation: 'review-revoke',
    cis: null,
    prowler: null,
    thresholds: [],
  },
  'root-access-key': {
    severity: 'critical',
    remediation: null,
    cis: '1.4',
    prowler: 'iam_no_root_access_key',
    thresholds: [],
  },
  'root-mfa': {
    severity: 'critical',
    remediation: null,
    cis: '1.5',
    prowler: 'iam_root_mfa_enabled',
    thresholds: [],
  },
  'root-usage': {
    severity: 'high',
    remediation: null,
    cis: '1.7',
    prowler: 'iam_avoid_root_usage',
    thresholds: ['root_usage_days'],
  },
  'two-active-keys': {
    severity: 'medium',
    remediation: null,
    cis: '1.13',
    prowler: 'iam_user_two_active_access_key',
    thresholds: [],
  },
  'unused-initial-key': {
    severity: 'low',
    remediation: null,
    cis: '1.11',
    prowler: 'iam_user_no_setup_initial_access_key',
    thresholds: [],
  },
} as const;

const withoutComments = (sql: string): string => sql.replace(/--[^\n]*/g, '');

describe('the finding catalog', () => {
  const catalog = loadCatalog();

  it('holds the findings of the issues, one folder each, in id order', () => {
    // Prepare
    const folders = readdirSync(CATALOG_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    // Act
    const ids = catalog.map((finding) => finding.id);

    // Assess
    expect(ids).to.deep.equal(Object.keys(EXPECTED).sort());
    expect(ids).to.deep.equal(folders);
  });

  for (const [id, expected] of Object.entries(EXPECTED)) {
    it(`declares ${id} as the issue states: severity, remediation, CIS control, Prowler check, thresholds`, () => {
      // Act
      const finding = catalog.find((candidate) => candidate.id === id) as Finding;

      // Assess
      expect(finding.severity).to.equal(expected.severity);
      expect(finding.remediation).to.equal(expected.remediation);
      expect(finding.references.cis).to.equal(
        expected.cis === null ? null : `CIS AWS Foundations Benchmark v3.0.0, ${expected.cis}`,
      );
      expect(finding.references.prowler).to.equal(expected.prowler);
      expect(finding.parameters.map((parameter) => parameter.name)).to.deep.equal([
        'as_of',
        'report_date',
        ...expected.thresholds,
      ]);
      expect(finding.days === null).to.equal(
        ['console-mfa', 'review-revoke', 'two-active-keys', 'root-mfa'].includes(id),
      );
    });
  }

  it('never reads the wall clock in SQL: the as-of time is a parameter', () => {
    // Act
    const offenders = catalog.filter((finding) =>
      /\b(?:current_timestamp|current_date|current_time|localtimestamp|localtime|now\s*\()/i.test(
        withoutComments(finding.sql),
      ),
    );

    // Assess
    expect(offenders.map((finding) => finding.id)).to.deep.equal([]);
  });

  it('never uses greatest() or least(), whose NULL handling differs between Trino and DuckDB', () => {
    // Act
    const offenders = catalog.filter((finding) =>
      /\b(?:greatest|least)\s*\(/i.test(withoutComments(finding.sql)),
    );

    // Assess
    expect(offenders.map((finding) => finding.id)).to.deep.equal([]);
  });

  it('orders every query by account_id, user_name, credential', () => {
    // Act
    const offenders = catalog.filter(
      (finding) => !/ORDER BY account_id, user_name, credential\s*$/.test(finding.sql.trimEnd()),
    );

    // Assess
    expect(offenders.map((finding) => finding.id)).to.deep.equal([]);
  });

  for (const finding of catalog) {
    it(`${finding.id} returns exactly the finding columns even on an empty table`, async () => {
      // Act (the engine refuses any other columns with a FindingQueryError)
      const found = await runFinding(finding, []);

      // Assess
      expect(found).to.deep.equal([]);
    });
  }

  it('gives the root user only root findings, and IAM users none of them', async () => {
    // Prepare: a root user and an IAM user each with every problem a credential can have; the root row
    // even claims a console password, which IAM never writes, so no finding relies on not_supported
    const everythingWrong = {
      password_last_used: before(1),
      mfa_active: false,
      access_key_1_active: true,
      access_key_1_last_rotated: before(900),
      access_key_1_last_used_date: before(1),
      access_key_2_active: true,
      access_key_2_last_rotated: before(900),
      access_key_2_last_used_date: { absent: 'N/A' as const },
      cert_1_active: true,
      cert_1_last_rotated: before(900),
    };
    const rows = [
      rootRow(ACCOUNT, { ...everythingWrong, password_enabled: true, password_last_changed: before(900) }),
      iamUserRow(ACCOUNT, 'everything-wrong', {
        ...everythingWrong,
        password_enabled: true,
        password_last_changed: before(900),
        password_last_used: before(400),
      }),
    ];

    // ... and its owner flagged it for removal (the inventory has no root user)
    const inventory = { [AS_OF.toISOString().slice(0, 10)]: [inventoryUser('everything-wrong', 'revoke')] };

    // Act
    const usersPerFinding = await Promise.all(
      catalog.map(async (finding) => ({
        id: finding.id,
        users: [...new Set((await runFinding(finding, rows, { inventory })).map((row) => row.user_name))],
      })),
    );

    // Assess
    for (const { id, users } of usersPerFinding) {
      expect(users, id).to.deep.equal(ROOT_FINDINGS.includes(id) ? [ROOT_USER_NAME] : ['everything-wrong']);
    }
  });

  it('reads only the date partition of the run', async () => {
    // Prepare: the same rows as above, but stored under the day before
    const rows = [
      rootRow(ACCOUNT, {
        mfa_active: false,
        password_last_used: before(1),
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
      }),
      iamUserRow(ACCOUNT, 'stale', {
        password_enabled: true,
        password_last_used: before(400),
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
        access_key_2_active: true,
        access_key_2_last_rotated: before(900),
        cert_1_active: true,
        cert_1_last_rotated: before(900),
      }),
    ];

    // Act
    const found = await Promise.all(
      catalog.map((finding) =>
        runFinding(finding, rows, {
          storedUnder: '2026-02-28',
          inventory: { '2026-02-28': [inventoryUser('stale', 'revoke')] },
        }),
      ),
    );

    // Assess
    expect(found.flat()).to.deep.equal([]);
  });
});

describe('loadFinding', () => {
  let directory: string;
  let finding: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'catalog-'));
    finding = join(directory, 'ak-rotation');
    cpSync(join(CATALOG_DIR, 'ak-rotation'), finding, { recursive: true });
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const editJson = (edit: (json: Record<string, unknown>) => void): void => {
    const path = join(finding, 'finding.json');
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(path, JSON.stringify(json));
  };
  const editSql = (edit: (sql: string) => string): void => {
    const path = join(finding, 'query.sql');
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
  };
  const loadError = (): CatalogError => {
    try {
      loadFinding(finding);
    } catch (error) {
      expect(error).to.be.instanceOf(CatalogError);
      return error as CatalogError;
    }
    throw new Error('expected a CatalogError');
  };

  it('loads an unchanged copy, whatever directory the catalog is in', () => {
    // Act
    const loaded = loadCatalog(directory);

    // Assess
    expect(loaded.map((entry) => entry.id)).to.deep.equal(['ak-rotation']);
    expect(loaded[0]?.directory).to.equal(finding);
  });

  it('refuses a query whose params CTE binds a threshold finding.json does not declare', () => {
    // Prepare
    editSql((sql) => sql.replace('CAST(? AS integer) AS rotation_days', 'CAST(? AS integer) AS unused_days'));

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.match(
      /^finding ak-rotation: query\.sql binds parameters \[as_of, report_date, unused_days\]/,
    );
    expect(error.message).to.include('finding.json declares [as_of, report_date, rotation_days]');
  });

  it('refuses a finding.json that declares a parameter the query does not bind', () => {
    // Prepare
    editJson((json) => {
      (json.parameters as unknown[]).push({
        name: 'unused_days',
        type: 'integer',
        default: DEFAULT_CONFIG.unused_days,
        description: 'not bound',
      });
    });

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.include(
      'binds parameters [as_of, report_date, rotation_days] with 3 placeholders',
    );
  });

  it('refuses a placeholder outside the params CTE', () => {
    // Prepare
    editSql((sql) => sql.replace('r."user" <> \'<root_account>\'', 'r."user" <> ?'));

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.include('with 4 placeholders');
  });

  it('refuses parameters that do not start with as_of and report_date', () => {
    // Prepare
    editJson((json) => {
      (json.parameters as unknown[]).reverse();
    });
    editSql((sql) => {
      const lines = sql.split('\n');
      const asOf = lines.findIndex((line) => line.includes('AS as_of'));
      const threshold = lines.findIndex((line) => line.includes('AS rotation_days'));
      const [first, last] = [lines[asOf] as string, lines[threshold] as string];
      lines[asOf] = last.replace(/\s*$/, ',');
      lines[threshold] = first.replace(/,\s*$/, '');
      return lines.join('\n');
    });

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.equal(
      'finding ak-rotation: the first two parameters must be as_of and report_date',
    );
  });

  it('refuses an id that is not the folder name', () => {
    // Prepare
    editJson((json) => {
      json.id = 'key-rotation';
    });

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.equal(
      'finding ak-rotation: finding.json has id "key-rotation"; the id is the folder name',
    );
  });

  it('refuses a finding.json that is not JSON, naming the finding', () => {
    // Prepare
    writeFileSync(join(finding, 'finding.json'), '{ "id": "ak-rotation", }');

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.match(/^finding ak-rotation: finding\.json is not valid JSON: /);
  });

  it('refuses a finding.json that breaks the schema, naming every field', () => {
    // Prepare
    editJson((json) => {
      json.severity = 'urgent';
      delete json.risk;
    });

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.match(/^finding ak-rotation: finding\.json is invalid: /);
    expect(error.message).to.include('severity');
    expect(error.message).to.include('risk');
  });

  it('refuses a default that differs from the configuration default', () => {
    // Prepare
    editJson((json) => {
      const parameters = json.parameters as { name: string; default?: number }[];
      (parameters.find((parameter) => parameter.name === 'rotation_days') as { default: number }).default =
        60;
    });

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.equal(
      `finding ak-rotation: parameter rotation_days defaults to 60 but the configuration default is ${DEFAULT_CONFIG.rotation_days}`,
    );
  });

  it('refuses a finding without query.sql', () => {
    // Prepare
    rmSync(join(finding, 'query.sql'));

    // Act
    const error = loadError();

    // Assess
    expect(error.message).to.match(/^finding ak-rotation: cannot read query\.sql: /);
  });
});
