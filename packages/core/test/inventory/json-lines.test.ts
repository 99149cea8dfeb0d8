import { expect } from 'chai';
import type * as z from '../../src/zod.js';
import {
  INVENTORY_SCHEMAS,
  InventoryFileError,
  formatInventoryLines,
  inventoryFromAuthorizationDetails,
  inventorySnapshotFiles,
  parseInventoryFile,
  parseInventoryLine,
  parseInventorySnapshot,
  type InventoryGroup,
  type InventoryKind,
  type InventoryPolicy,
  type InventoryRole,
  type InventoryUser,
} from '../../src/inventory/index.js';
import { ACCOUNT, DATE, accessKeys, authorizationPages } from './fixtures.js';

// Compile time: each schema reads exactly the fields of its record type in records.ts.
type SameFields<Schema extends z.ZodMiniType, Record> =
  z.output<Schema> extends Record
    ? [keyof Record] extends [keyof z.output<Schema>]
      ? [keyof z.output<Schema>] extends [keyof Record]
        ? true
        : false
      : false
    : false;
const schemasMatchRecords: [
  SameFields<typeof INVENTORY_SCHEMAS.users, InventoryUser>,
  SameFields<typeof INVENTORY_SCHEMAS.groups, InventoryGroup>,
  SameFields<typeof INVENTORY_SCHEMAS.roles, InventoryRole>,
  SameFields<typeof INVENTORY_SCHEMAS.policies, InventoryPolicy>,
] = [true, true, true, true];

const snapshot = () =>
  inventoryFromAuthorizationDetails({
    accountId: ACCOUNT,
    date: DATE,
    pages: authorizationPages(),
    accessKeys: accessKeys(),
  });

const textOf = (kind: InventoryKind): string =>
  inventorySnapshotFiles(snapshot()).find((file) => file.kind === kind)?.text ?? '';

const SOURCE = `s3://bucket/inventory/date=${DATE}/${ACCOUNT}/users.jsonl`;

describe('inventory JSON Lines', () => {
  it('keeps each schema in step with its record type', () => {
    expect(schemasMatchRecords).to.deep.equal([true, true, true, true]);
  });

  it('writes one record a line, keys in the schema order whatever the object order, newline-ended', () => {
    // Prepare: a record whose keys were set in another order
    const [first] = snapshot().users;
    const scrambled = Object.fromEntries(
      Object.entries(first as InventoryUser).reverse(),
    ) as unknown as InventoryUser;

    // Act
    const text = formatInventoryLines('users', [scrambled, first as InventoryUser]);

    // Assess
    const [line, again, end] = text.split('\n');
    expect(line).to.equal(again);
    expect(end).to.equal('');
    expect(Object.keys(JSON.parse(line as string) as object)).to.deep.equal(
      Object.keys(INVENTORY_SCHEMAS.users.def.shape),
    );
    expect(line?.startsWith(`{"account_id":"${ACCOUNT}","user_name":"alice","user_id":"AIDAALICE",`)).to.be
      .true;
    expect(formatInventoryLines('roles', [])).to.equal('');
  });

  it('refuses to write a record its schema refuses, naming the line it would have had', () => {
    // Prepare
    const users = snapshot().users.map((user) => ({ ...user }));
    (users[1] as { created_at: string }).created_at = '2026-11-23 06:00';

    // Assess
    expect(() => formatInventoryLines('users', users)).to.throw(
      InventoryFileError,
      /^users\.jsonl:2: not a valid users record: created_at: /,
    );
  });

  it('reads back what it wrote, record for record', () => {
    // Act
    const read = parseInventoryFile('users', textOf('users'), SOURCE, { accountId: ACCOUNT });

    // Assess
    expect(read).to.deep.equal(snapshot().users);
  });

  it('reads a whole snapshot from its four files', () => {
    // Prepare
    const files = Object.fromEntries(
      inventorySnapshotFiles(snapshot()).map((file) => [
        file.kind,
        { source: `${file.kind}.jsonl`, text: file.text },
      ]),
    ) as Record<InventoryKind, { source: string; text: string }>;

    // Act
    const read = parseInventorySnapshot(ACCOUNT, DATE, files);

    // Assess
    expect(read).to.deep.equal(snapshot());
  });

  it('accepts CRLF line ends and a missing final newline', () => {
    // Prepare
    const text = textOf('groups').trimEnd().replaceAll('\n', '\r\n');

    // Act
    const read = parseInventoryFile('groups', text, 'groups.jsonl');

    // Assess
    expect(read.map((group) => group.group_name)).to.deep.equal(['admins', 'ops', 'readers']);
  });

  describe('names the file and line of', () => {
    const lines = () => textOf('users').trimEnd().split('\n');
    const failure = (text: string, accountId?: string) => {
      try {
        parseInventoryFile('users', text, SOURCE, accountId ? { accountId } : {});
      } catch (error) {
        return error as InventoryFileError;
      }
      throw new Error('the file was accepted');
    };

    it('a line that is not JSON (a truncated file)', () => {
      // Prepare
      const [one, two] = lines();
      const error = failure(`${one}\n${two?.slice(0, 40)}`);

      // Assess
      expect(error).to.be.instanceOf(InventoryFileError);
      expect(error.message).to.match(new RegExp(`^${SOURCE.replaceAll('.', '\\.')}:2: not a JSON line \\(`));
      expect(error).to.include({ source: SOURCE, line: 2 });
    });

    it('a field its schema refuses, by path, every problem of the line at once', () => {
      // Prepare
      const [one, two, three] = lines();
      const record = JSON.parse(three as string) as Record<string, unknown>;
      record.review = 7;
      record.access_keys = [
        { access_key_id: 'AKIA0000000000000001', status: 'Expired', created_at: '2026-11-23T00:00:00Z' },
      ];
      record.colour = 'blue';

      // Act
      const error = failure([one, two, JSON.stringify(record)].join('\n'));

      // Assess
      expect(error.line).to.equal(3);
      expect(error.message)
        .to.contain(':3: not a valid users record: ')
        .and.contain('review: ')
        .and.contain('access_keys.0.status: ')
        .and.contain('colour');
    });

    it('an empty line inside the file', () => {
      const [one, two] = lines();
      expect(failure(`${one}\n\n${two}\n`).message).to.match(/:2: an empty line$/);
    });

    it('a record named twice', () => {
      const [one, two] = lines();
      expect(failure(`${one}\n${two}\n${one}\n`).message).to.match(
        /:3: user_name alice is already on line 1$/,
      );
    });

    it('a record of another account', () => {
      expect(failure(textOf('users'), '999988887777').message).to.match(
        new RegExp(`:1: account_id ${ACCOUNT} where the file holds account 999988887777$`),
      );
    });

    it('a single line through parseInventoryLine', () => {
      expect(() => parseInventoryLine('policies', '{}', 'policies.jsonl', 9)).to.throw(
        InventoryFileError,
        /^policies\.jsonl:9: not a valid policies record: account_id: /,
      );
    });
  });
});
