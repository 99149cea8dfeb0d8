import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CREDENTIAL_REPORT_COLUMNS } from '@credential-tracker/core';
import { expect } from 'chai';
import { INVENTORY_COLUMNS, INVENTORY_KINDS } from '@credential-tracker/core/inventory';
import {
  actionsTable,
  credentialReportTable,
  inventoryTable,
  pipelineTables,
  targetsTable,
} from '../src/handler.js';

const PYTHON = fileURLToPath(new URL('../../../.venv/bin/python', import.meta.url));

const PROJECTION_ON_DATE = [
  "  'projection.enabled' = 'true',",
  "  'projection.date.type' = 'date',",
  "  'projection.date.format' = 'yyyy-MM-dd',",
  "  'projection.date.range' = 'NOW-3YEARS,NOW',",
  "  'projection.date.interval' = '1',",
  "  'projection.date.interval.unit' = 'DAYS',",
];

describe('initialise-table DDL', () => {
  it('credential_report: every report column as text, CSV with its header, projected by date', () => {
    // Act
    const { name, ddl } = credentialReportTable('tracker-reports');

    // Assess
    expect(name).to.equal('credential_report');
    expect(ddl).to.equal(
      [
        'CREATE EXTERNAL TABLE IF NOT EXISTS `credential_report` (',
        CREDENTIAL_REPORT_COLUMNS.map((column) => `  \`${column}\` string`).join(',\n'),
        ')',
        'PARTITIONED BY (`date` string)',
        "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'",
        'STORED AS TEXTFILE',
        "LOCATION 's3://tracker-reports/credential-reports/'",
        'TBLPROPERTIES (',
        "  'skip.header.line.count' = '1',",
        ...PROJECTION_ON_DATE,
        "  'storage.location.template' = 's3://tracker-reports/credential-reports/date=${date}/'",
        ')',
      ].join('\n'),
    );
    expect(ddl.match(/^ {2}`\w+` string,?$/gm)).to.have.length(22);
    expect(ddl)
      .to.include('  `user` string,\n  `arn` string,')
      .and.include('  `cert_2_last_rotated` string\n)');
  });

  it('targets: the finding columns as JSON lines, projected by date and injected run', () => {
    expect(targetsTable('tracker-reports').ddl).to.equal(
      [
        'CREATE EXTERNAL TABLE IF NOT EXISTS `targets` (',
        '  `account_id` string,',
        '  `user_name` string,',
        '  `user_arn` string,',
        '  `credential` string,',
        '  `created_at` string,',
        '  `last_used_at` string,',
        '  `days` int',
        ')',
        'PARTITIONED BY (`date` string, `run` string)',
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
        'STORED AS TEXTFILE',
        "LOCATION 's3://tracker-reports/targets/'",
        'TBLPROPERTIES (',
        ...PROJECTION_ON_DATE,
        "  'projection.run.type' = 'injected',",
        "  'storage.location.template' = 's3://tracker-reports/targets/date=${date}/run=${run}/'",
        ')',
      ].join('\n'),
    );
  });

  it('actions: every decision field as JSON lines, projected by date and injected run', () => {
    expect(actionsTable('tracker-reports').ddl).to.equal(
      [
        'CREATE EXTERNAL TABLE IF NOT EXISTS `actions` (',
        '  `time` string,',
        '  `run_id` string,',
        '  `function` string,',
        '  `finding` string,',
        '  `account_id` string,',
        '  `user_name` string,',
        '  `user_arn` string,',
        '  `credential` string,',
        '  `credential_id` string,',
        '  `decision` string,',
        '  `action` string,',
        '  `skip_reason` string,',
        '  `reason` string,',
        '  `detail` string,',
        '  `next_step` string,',
        '  `next_step_due_at` string',
        ')',
        'PARTITIONED BY (`date` string, `run` string)',
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
        'STORED AS TEXTFILE',
        "LOCATION 's3://tracker-reports/actions/'",
        'TBLPROPERTIES (',
        ...PROJECTION_ON_DATE,
        "  'projection.run.type' = 'injected',",
        "  'storage.location.template' = 's3://tracker-reports/actions/date=${date}/run=${run}/'",
        ')',
      ].join('\n'),
    );
  });

  it('inventory_users: the user records typed as records.ts types them, JSON lines, the users folder of each date', () => {
    expect(inventoryTable('tracker-reports', 'users')).to.deep.equal({
      name: 'inventory_users',
      ddl: [
        'CREATE EXTERNAL TABLE IF NOT EXISTS `inventory_users` (',
        '  `account_id` string,',
        '  `user_name` string,',
        '  `user_id` string,',
        '  `arn` string,',
        '  `path` string,',
        '  `created_at` string,',
        '  `tags` array<struct<key:string,value:string>>,',
        '  `review` string,',
        '  `groups` array<string>,',
        '  `access_keys` array<struct<access_key_id:string,status:string,created_at:string>>,',
        '  `attached_policies` array<string>,',
        '  `inline_policies` array<string>,',
        '  `admin_equivalent` boolean,',
        '  `admin_sources` array<string>',
        ')',
        'PARTITIONED BY (`date` string)',
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
        'STORED AS TEXTFILE',
        "LOCATION 's3://tracker-reports/inventory/'",
        'TBLPROPERTIES (',
        ...PROJECTION_ON_DATE,
        "  'storage.location.template' = 's3://tracker-reports/inventory/date=${date}/users/'",
        ')',
      ].join('\n'),
    });
  });

  it('inventory_groups, _roles, _policies: every field of their records, each kind in its own folder', () => {
    for (const kind of INVENTORY_KINDS) {
      // Act
      const { name, ddl } = inventoryTable('tracker-reports', kind);

      // Assess
      expect(name).to.equal(`inventory_${kind}`);
      const columns = ddl.split('\n').filter((line) => line.startsWith('  `'));
      expect(columns, kind).to.deep.equal(
        INVENTORY_COLUMNS[kind].map(
          (column, index, all) => `  \`${column.name}\` ${column.type}${index < all.length - 1 ? ',' : ''}`,
        ),
      );
      expect(ddl).to.include(
        `  'storage.location.template' = 's3://tracker-reports/inventory/date=\${date}/${kind}/'\n)`,
      );
    }
    expect(inventoryTable('b', 'policies').ddl).to.include('  `attachment_count` int,\n  `document` string,');
    expect(inventoryTable('b', 'roles').ddl).to.include(
      '  `last_used_at` string,\n  `last_used_region` string,',
    );
  });

  it('never repairs partitions and never replaces a table', () => {
    for (const { ddl } of pipelineTables('b')) {
      expect(ddl).to.match(/^CREATE EXTERNAL TABLE IF NOT EXISTS /);
      expect(ddl).not.to.match(/MSCK|REPAIR|DROP|REPLACE/i);
    }
  });

  it("parses as one CREATE TABLE each with sqlglot's athena and hive dialects", () => {
    // Prepare: the project's .venv (scripts/setup-test-tools) has sqlglot.
    expect(existsSync(PYTHON), `${PYTHON} is missing: run \`bash scripts/setup-test-tools\``).to.equal(true);
    const script = [
      'import json, sys, sqlglot',
      'for ddl in json.load(sys.stdin):',
      '    for dialect in ("athena", "hive"):',
      '        parsed = sqlglot.parse(ddl, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)',
      '        assert len(parsed) == 1 and parsed[0].key == "create", (dialect, ddl[:60])',
      '        assert parsed[0].args["kind"] == "TABLE", dialect',
      'print("ok")',
    ].join('\n');

    // Act
    const result = spawnSync(PYTHON, ['-c', script], {
      input: JSON.stringify(pipelineTables('tracker-reports').map((table) => table.ddl)),
      encoding: 'utf8',
    });

    // Assess
    expect(result.stderr).to.equal('');
    expect(result.stdout.trim()).to.equal('ok');
  });
});
