import { expect } from 'chai';
import { iamUserRow, rootRow } from '@credential-tracker/core';
import { FindingQueryError, type Finding } from '../src/local.js';
import { ACCOUNT, before, catalogFinding, runFinding } from './support/finding-harness.js';

const PARAMS = `WITH params AS (
  SELECT from_iso8601_timestamp(?) AS as_of, CAST(? AS varchar) AS report_date, CAST(? AS integer) AS rotation_days
)`;

/** ak-rotation's metadata and parameters with another query: what a broken query.sql would be. */
const withSql = (sql: string): Finding => ({ ...catalogFinding('ak-rotation'), sql });

const rows = [
  rootRow(ACCOUNT),
  iamUserRow(ACCOUNT, 'old-key', { access_key_1_active: true, access_key_1_last_rotated: before(200) }),
];

async function queryError(finding: Finding): Promise<FindingQueryError> {
  try {
    await runFinding(finding, rows);
  } catch (error) {
    expect(error).to.be.instanceOf(FindingQueryError);
    return error as FindingQueryError;
  }
  throw new Error('expected a FindingQueryError');
}

describe('DuckDbFindingEngine', () => {
  it('refuses a query whose columns break the contract, naming the finding and the columns', async () => {
    // Prepare
    const finding = withSql(`${PARAMS}
      SELECT split_part(arn, ':', 5) AS account_id, "user" AS user_name, arn AS user_arn, 'password' AS credential
      FROM credential_report`);

    // Act
    const error = await queryError(finding);

    // Assess
    expect(error.message).to.equal(
      'finding ak-rotation: query.sql returns columns [account_id, user_name, user_arn, credential]; every finding returns [account_id, user_name, user_arn, credential, created_at, last_used_at, days]',
    );
  });

  it('refuses the right columns in another order', async () => {
    // Prepare
    const finding = withSql(`${PARAMS}
      SELECT split_part(arn, ':', 5) AS account_id, "user" AS user_name, arn AS user_arn, 'password' AS credential,
        CAST(NULL AS timestamp with time zone) AS last_used_at, CAST(NULL AS timestamp with time zone) AS created_at,
        CAST(NULL AS integer) AS days
      FROM credential_report`);

    // Act
    const error = await queryError(finding);

    // Assess
    expect(error.message).to.include(
      'returns columns [account_id, user_name, user_arn, credential, last_used_at',
    );
  });

  it('refuses a row whose values break the contract, naming the row and the field', async () => {
    // Prepare
    const finding = withSql(`${PARAMS}
      SELECT split_part(arn, ':', 5) AS account_id, "user" AS user_name, arn AS user_arn, 'secret' AS credential,
        CAST(NULL AS timestamp with time zone) AS created_at, CAST(NULL AS timestamp with time zone) AS last_used_at,
        CAST(NULL AS integer) AS days
      FROM credential_report ORDER BY user_name`);

    // Act
    const error = await queryError(finding);

    // Assess
    expect(error.message).to.match(/^finding ak-rotation: row 1 breaks the finding contract at credential: /);
  });

  it('turns a query DuckDB cannot run into a FindingQueryError naming the finding', async () => {
    // Prepare
    const finding = withSql(`${PARAMS} SELECT no_such_column FROM credential_report`);

    // Act
    const error = await queryError(finding);

    // Assess
    expect(error.message).to.match(/^finding ak-rotation: query\.sql failed on DuckDB: /);
  });
});
