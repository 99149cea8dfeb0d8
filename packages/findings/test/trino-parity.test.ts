import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  CREDENTIAL_REPORT_COLUMNS,
  DEFAULT_CONFIG,
  NO_INFORMATION,
  NOT_APPLICABLE,
  iamUserRow,
  rootRow,
  THRESHOLD_KEYS,
  validateCredentialReport,
  type Absent,
  type CredentialReportRow,
} from '@credential-tracker/core';
import {
  INVENTORY_COLUMNS,
  INVENTORY_KINDS,
  inventoryTableName,
  type InventoryUser,
} from '@credential-tracker/core/inventory';
import { pipelineTables } from '@credential-tracker/fn-initialise-table';
import {
  SeededRandom,
  setActiveTrinoParity,
  TrinoParity,
  TrinoParityError,
  trinoMissing,
  trinoTableDdl,
  type ReportLoad,
} from '@credential-tracker/testing';
import {
  DuckDbFindingEngine,
  DuckDbInventoryEngine,
  findInventorySnapshots,
  loadCatalog,
  loadChangeQueries,
  readInventorySnapshot,
  utcDate,
} from '../src/local.js';
import { AS_OF, before as ago, inventoryUser, runFinding } from './support/finding-harness.js';

/*
 * One SQL, proven on the real engine. With this file in the run, every catalog query and every change
 * query that the DuckDB tests run (test/catalog, test/changes: their boundary fixtures and the two-day
 * inventories) also runs on an in-process Trino 483 (scripts/tools/trino) over the same rows, in tables
 * made from initialise-table's DDL, with Athena-style positional parameters; a run whose rows differ
 * fails that test with both row sets (support/finding-harness.ts, support/change-harness.ts). Values are
 * normalised in one place: normaliseTrinoValue in packages/testing/src/trino.ts.
 *
 * The catalog and change tests are imported here so that running this file alone checks them all.
 */
const TEST_DIR = fileURLToPath(new URL('./', import.meta.url));
// Through require, as mocha loads test files (tsx), so that a run of the whole suite loads each only once.
const requireTest = createRequire(import.meta.url);
for (const folder of ['catalog', 'changes']) {
  for (const file of readdirSync(join(TEST_DIR, folder))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()) {
    requireTest(join(TEST_DIR, folder, file));
  }
}

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const EXAMPLES_AS_OF = new Date('2026-11-23T00:15:00Z');
const BUCKET = 'credential-tracker-parity';

let parity: TrinoParity | undefined;
let missing: string | undefined;

// Root hooks: Trino starts before the first suite of the run (about 10 s) and stops after the last.
before(async function () {
  this.timeout(240_000);
  missing = trinoMissing();
  if (missing !== undefined) {
    console.log(`    Trino parity skipped: ${missing}`);
    return;
  }
  parity = await TrinoParity.start(pipelineTables(BUCKET).map((table) => table.ddl));
  setActiveTrinoParity(parity);
});

after(async function () {
  this.timeout(30_000);
  setActiveTrinoParity(undefined);
  await parity?.stop();
  parity = undefined;
});

describe('Trino parity: the same SQL on Trino and DuckDB', () => {
  beforeEach(function () {
    if (!parity) this.skip();
  });

  it("runs initialise-table's DDL on Trino, partition projection and SerDe left out, with the columns DuckDB's tables have", async () => {
    const trino = parity!.trino;
    for (const table of pipelineTables(BUCKET)) {
      expect(trinoTableDdl(table.ddl), table.name).to.not.match(/SERDE|TBLPROPERTIES|LOCATION|projection/i);
      expect(await trino.describe(table.name), table.name).to.not.be.empty;
    }
    // The tables the local engines query: the same columns in the same order on both engines.
    const names = async (table: string) => (await trino.describe(table)).map((column) => column.name);
    expect(await names('credential_report')).to.deep.equal([...CREDENTIAL_REPORT_COLUMNS, 'date']);
    for (const kind of INVENTORY_KINDS) {
      expect(await names(inventoryTableName(kind)), kind).to.deep.equal([
        ...INVENTORY_COLUMNS[kind].map((column) => column.name),
        'date',
      ]);
    }
  });

  it('a typo in a column type is rejected by Trino, before Athena would see it', async () => {
    const ddl = pipelineTables(BUCKET)[0]!
      .ddl.replace('` string,', '` strng,')
      .replaceAll('credential_report', 'typo_table');
    let error: Error | undefined;
    try {
      await parity!.trino.run({ statements: [trinoTableDdl(ddl)] });
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).to.match(/Unknown type 'strng'/i);
  });

  it('gives the same findings as DuckDB over the sample Organization of examples/ (reports and inventory)', async function () {
    this.timeout(120_000);
    const directory = join(EXAMPLES, 'reports/credential-reports/date=2026-11-23');
    const reportDate = utcDate(EXAMPLES_AS_OF);
    const reports: ReportLoad[] = [];
    for (const file of readdirSync(directory)
      .filter((name) => name.endsWith('.csv'))
      .sort()) {
      const path = join(directory, file);
      const report = validateCredentialReport(await readFile(path), {
        source: path,
        expectedAccountId: basename(file, '.csv'),
      });
      reports.push({ report, date: reportDate });
    }
    const inventory = await findInventorySnapshots(join(EXAMPLES, 'inventory'), [reportDate]);
    const snapshots = await Promise.all(inventory.map(readInventorySnapshot));
    const users = snapshots.flatMap((snapshot) => snapshot.users);
    expect(reports).to.have.length(5);
    expect(users.length).to.be.greaterThan(0);

    const engine = await DuckDbFindingEngine.create();
    let found = 0;
    try {
      for (const { report, date } of reports) await engine.load(report, date);
      await engine.loadInventoryUsers(users, reportDate);
      const parameters = { asOf: EXAMPLES_AS_OF, reportDate, config: DEFAULT_CONFIG };
      const inventoryUsers = [{ date: reportDate, users }];
      for (const finding of loadCatalog()) {
        const rows = await engine.run(finding, parameters);
        found += rows.length;
        await parity!.checkFinding(finding, parameters, reports, inventoryUsers, rows);
      }
    } finally {
      engine.close();
    }
    expect(found).to.be.greaterThan(10);
  });

  it('gives the same changes as DuckDB over the inventory of examples/ (one day: only the state queries find rows)', async function () {
    this.timeout(120_000);
    const dates = { snapshotDate: '2026-11-23', previousDate: '2026-11-22' };
    const files = await findInventorySnapshots(join(EXAMPLES, 'inventory'), [dates.snapshotDate]);
    const snapshots = await Promise.all(files.map(readInventorySnapshot));
    const engine = await DuckDbInventoryEngine.create();
    try {
      for (const snapshot of snapshots) await engine.load(snapshot);
      for (const query of loadChangeQueries()) {
        await parity!.checkChange(query, dates, snapshots, await engine.run(query, dates));
      }
    } finally {
      engine.close();
    }
  });

  it('gives the same findings as DuckDB over seeded random reports: times on both sides of every threshold, N/A, no_information, the future', async function () {
    this.timeout(180_000);
    const random = new SeededRandom(20);
    // Days around each default threshold (1, 45, 90, 365...), seconds around the day's boundary.
    const days = [0, 1, 2, 7, 44, 45, 46, 89, 90, 91, 179, 180, 181, 364, 365, 366, 400];
    const time = (): Date => ago(random.pick(days), random.pick([-86_400, -1, 0, 1, 59, 3_600, 86_399]));
    const maybe = (): Date | Absent =>
      random.weighted<Date | Absent>([
        [time(), 6],
        [NOT_APPLICABLE, 2],
        [NO_INFORMATION, 1],
      ]);
    const rows: CredentialReportRow[] = [];
    const flagged: InventoryUser[] = [];
    for (const account of ['111122223333', '444455556666', '777788889999']) {
      rows.push(
        rootRow(account, {
          mfa_active: random.next() < 0.7,
          password_last_used: random.next() < 0.5 ? time() : NO_INFORMATION,
          access_key_1_active: random.next() < 0.3,
          access_key_1_last_rotated: time(),
          access_key_1_last_used_date: maybe(),
          access_key_2_active: random.next() < 0.2,
          access_key_2_last_rotated: time(),
        }),
      );
      for (let index = 0; index < 60; index++) {
        const name = `user-${index}`;
        const password = random.next() < 0.5;
        const key1 = random.next() < 0.6;
        const key2 = random.next() < 0.3;
        rows.push(
          iamUserRow(account, name, {
            user_creation_time: time(),
            password_enabled: password,
            ...(password ? { password_last_used: maybe(), password_last_changed: time() } : {}),
            mfa_active: random.next() < 0.5,
            access_key_1_active: key1,
            ...(key1 ? { access_key_1_last_rotated: time(), access_key_1_last_used_date: maybe() } : {}),
            access_key_2_active: key2,
            ...(key2 ? { access_key_2_last_rotated: time(), access_key_2_last_used_date: maybe() } : {}),
            cert_1_active: random.next() < 0.2,
            cert_1_last_rotated: time(),
            cert_2_active: random.next() < 0.1,
            cert_2_last_rotated: time(),
          }),
        );
        if (random.next() < 0.2) flagged.push(inventoryUser(name, random.pick(['revoke', 'keep']), account));
      }
    }
    // The thresholds at their defaults, at 1 day and at a random value each.
    const configs = [
      {},
      Object.fromEntries(THRESHOLD_KEYS.map((key) => [key, 1])),
      Object.fromEntries(THRESHOLD_KEYS.map((key) => [key, random.integer(1, 400)])),
    ];
    let found = 0;
    for (const config of configs) {
      for (const finding of loadCatalog()) {
        // runFinding runs DuckDB, then the same SQL on Trino, and fails with both row sets if they differ.
        const inventory = { [utcDate(AS_OF)]: flagged };
        found += (await runFinding(finding, rows, { inventory, config })).length;
      }
    }
    expect(found).to.be.greaterThan(150);
  });

  it('fails with both row sets when Trino answers otherwise than DuckDB', async () => {
    const finding = loadCatalog().find((candidate) => candidate.id === 'root-mfa')!;
    const duckDbRows = [{ account_id: '111122223333', user_name: 'nobody' }];
    let error: Error | undefined;
    try {
      await parity!.checkFinding(
        finding,
        { asOf: AS_OF, reportDate: utcDate(AS_OF), config: DEFAULT_CONFIG },
        [],
        [],
        duckDbRows,
      );
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).to.be.instanceOf(TrinoParityError);
    expect(error?.message)
      .to.include('--- DuckDB (1 rows)')
      .and.include('"nobody"')
      .and.include('--- Trino (0 rows)');
  });

  it('compared every catalog query and every change query over the DuckDB tests’ fixtures', () => {
    const ids = [
      ...loadCatalog().map((finding) => finding.id),
      ...loadChangeQueries().map((query) => query.id),
    ];
    const unchecked = ids.filter((id) => (parity!.compared.get(id) ?? 0) < 2);
    expect(unchecked, 'queries compared on Trino fewer than twice').to.deep.equal([]);
  });
});
