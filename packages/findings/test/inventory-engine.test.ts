import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { INVENTORY_COLUMNS, INVENTORY_KINDS, InventoryFileError } from '@credential-tracker/core/inventory';
import {
  findInventorySnapshots,
  inventoryTableDdl,
  InventoryDirectoryError,
  runChangeQueries,
} from '../src/local.js';
import { DEV, FIXTURES, NEW_ACCOUNT, PROD, SNAPSHOT_DATE } from './support/change-harness.js';

async function failure(act: () => Promise<unknown>): Promise<Error> {
  try {
    await act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('the local inventory tables (DuckDB)', () => {
  it('are created with explicit types, the columns of the Athena tables in order, then date', () => {
    expect(inventoryTableDdl('users')).to.equal(
      'CREATE TABLE inventory_users (' +
        [
          '"account_id" VARCHAR NOT NULL',
          '"user_name" VARCHAR NOT NULL',
          '"user_id" VARCHAR NOT NULL',
          '"arn" VARCHAR NOT NULL',
          '"path" VARCHAR NOT NULL',
          '"created_at" VARCHAR NOT NULL',
          '"tags" STRUCT("key" VARCHAR, "value" VARCHAR)[] NOT NULL',
          '"review" VARCHAR',
          '"groups" VARCHAR[] NOT NULL',
          '"access_keys" STRUCT("access_key_id" VARCHAR, "status" VARCHAR, "created_at" VARCHAR)[] NOT NULL',
          '"attached_policies" VARCHAR[] NOT NULL',
          '"inline_policies" VARCHAR[] NOT NULL',
          '"admin_equivalent" BOOLEAN NOT NULL',
          '"admin_sources" VARCHAR[] NOT NULL',
          '"date" VARCHAR NOT NULL',
        ].join(', ') +
        ')',
    );
    for (const kind of INVENTORY_KINDS) {
      const topLevel = inventoryTableDdl(kind).replace(/STRUCT\([^)]*\)/g, 'STRUCT');
      const names = [...topLevel.matchAll(/"(\w+)"/g)].map((match) => match[1]);
      expect(names, kind).to.deep.equal([...INVENTORY_COLUMNS[kind].map((column) => column.name), 'date']);
    }
    expect(inventoryTableDdl('policies')).to.include('"attachment_count" INTEGER NOT NULL');
  });
});

describe('reading an inventory directory', () => {
  let directory: string;
  const usersFile = (date: string, account: string) =>
    join(directory, 'inventory', `date=${date}`, 'users', `${account}.jsonl`);

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'inventory-'));
    cpSync(FIXTURES, directory, { recursive: true });
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('finds every snapshot laid out as in the bucket, sorted by date then account, ignoring other files', async () => {
    // Prepare: what an `aws s3 sync` of the whole bucket would bring beside the inventory.
    writeFileSync(join(directory, 'inventory', 'notes.jsonl'), '{}\n');

    // Act
    const snapshots = await findInventorySnapshots(directory);

    // Assess
    expect(
      snapshots.map((s) => `${s.date} ${s.accountId} ${[...s.files.keys()].sort().join(',')}`),
    ).to.deep.equal([
      `2026-11-22 ${PROD} groups,policies,roles,users`,
      `2026-11-22 ${DEV} groups,policies,roles,users`,
      `2026-11-23 ${PROD} groups,policies,roles,users`,
      `2026-11-23 ${DEV} groups,policies,roles,users`,
      `2026-11-23 ${NEW_ACCOUNT} groups,policies,roles,users`,
    ]);
    expect((await findInventorySnapshots(join(directory, 'inventory'), ['2026-11-22'])).length).to.equal(2);
  });

  it('stops at a malformed JSON line, naming the file and the line', async () => {
    // Prepare
    const file = usersFile(SNAPSHOT_DATE, PROD);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{"account_id": "111111111111", "user_name": ';
    writeFileSync(file, lines.join('\n'));

    // Act
    const error = await failure(() => runChangeQueries(directory, { snapshotDate: SNAPSHOT_DATE }));

    // Assess
    expect(error).to.be.instanceOf(InventoryFileError);
    expect(error.message).to.match(new RegExp(`^${escape(file)}:2: not a JSON line \\(`));
  });

  it('stops at an unknown column, naming the file, the line and the column', async () => {
    // Prepare
    const file = usersFile('2026-11-22', DEV);
    const [first, ...rest] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [first?.replace(/}$/, ',"colour":"blue"}'), ...rest].join('\n'));

    // Act
    const error = await failure(() => runChangeQueries(directory, { snapshotDate: SNAPSHOT_DATE }));

    // Assess
    expect(error).to.be.instanceOf(InventoryFileError);
    expect(error.message).to.match(new RegExp(`^${escape(file)}:1: not a valid users record: .*"colour"`));
  });

  it('stops at a record of another account than its file names', async () => {
    // Prepare: dev's users copied under prod's name.
    writeFileSync(usersFile(SNAPSHOT_DATE, PROD), readFileSync(usersFile(SNAPSHOT_DATE, DEV), 'utf8'));

    // Act
    const error = await failure(() => runChangeQueries(directory, { snapshotDate: SNAPSHOT_DATE }));

    // Assess
    expect(error).to.be.instanceOf(InventoryFileError);
    expect(error.message).to.match(
      new RegExp(`^${escape(usersFile(SNAPSHOT_DATE, PROD))}:1: account_id ${DEV}`),
    );
  });

  it('stops at a snapshot missing one of its four files', async () => {
    // Prepare
    rmSync(join(directory, 'inventory', `date=${SNAPSHOT_DATE}`, 'roles', `${NEW_ACCOUNT}.jsonl`));

    // Act
    const error = await failure(() => runChangeQueries(directory, { snapshotDate: SNAPSHOT_DATE }));

    // Assess
    expect(error).to.be.instanceOf(InventoryDirectoryError);
    expect(error.message).to.equal(
      `${join(directory, 'inventory', `date=${SNAPSHOT_DATE}`, 'roles', `${NEW_ACCOUNT}.jsonl`)}: missing; the inventory of account ${NEW_ACCOUNT} on ${SNAPSHOT_DATE} is incomplete (collect-inventory writes users, groups, roles, policies)`,
    );
  });

  it('says so when there is no snapshot of the day, no such directory, or dates out of order', async () => {
    expect(
      (await failure(() => runChangeQueries(directory, { snapshotDate: '2026-12-01' }))).message,
    ).to.equal(
      `no inventory of 2026-12-01 under ${directory}: expected date=2026-12-01/users/<account_id>.jsonl files`,
    );
    const missing = join(directory, 'nowhere');
    expect(
      (await failure(() => runChangeQueries(missing, { snapshotDate: SNAPSHOT_DATE }))).message,
    ).to.equal(`${missing}: no such directory`);
    expect(
      (
        await failure(() =>
          runChangeQueries(directory, { snapshotDate: SNAPSHOT_DATE, previousDate: SNAPSHOT_DATE }),
        )
      ).message,
    ).to.equal(
      `previousDate ${SNAPSHOT_DATE} is not before snapshotDate ${SNAPSHOT_DATE}: a change is from an earlier snapshot to a later one`,
    );
    expect(
      (await failure(() => runChangeQueries(directory, { snapshotDate: '23/11/2026' }))).message,
    ).to.equal('snapshotDate "23/11/2026" is not a date (YYYY-MM-DD)');
  });
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
