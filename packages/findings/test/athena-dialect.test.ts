import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadCatalog, loadChangeQueries } from '../src/index.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const VENV_PYTHON = join(REPOSITORY, '.venv', 'bin', 'python');
const CHECK = join(REPOSITORY, 'scripts', 'check-athena-sql.py');

interface CheckResult {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs scripts/check-athena-sql.py. A missing .venv is a failure, never a skip: the dialect check is
 * what keeps DuckDB-only SQL out of Athena, so a machine without it must not pass silently.
 */
function checkAthenaSql(files: readonly string[], python: string = VENV_PYTHON): CheckResult {
  if (!existsSync(python)) {
    throw new Error(
      `${python} is missing: run \`bash scripts/setup-test-tools\` to install the Python test tools (sqlglot)`,
    );
  }
  const result = spawnSync(python, [CHECK, ...files], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the Athena dialect check (scripts/check-athena-sql.py)', () => {
  let directory: string;
  const sqlFile = (name: string, sql: string): string => {
    const path = join(directory, name);
    writeFileSync(path, sql);
    return path;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'athena-sql-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('passes every query.sql of the catalog', () => {
    // Prepare
    const queries = loadCatalog().map((finding) => join(finding.directory, 'query.sql'));

    // Act
    const result = checkAthenaSql(queries);

    // Assess
    expect(queries).to.have.length(11);
    expect(result).to.deep.equal({ status: 0, output: '' });
  });

  it('passes every query.sql of the change queries', () => {
    // Prepare
    const queries = loadChangeQueries().map((query) => join(query.directory, 'query.sql'));

    // Act
    const result = checkAthenaSql(queries);

    // Assess
    expect(queries).to.have.length(8);
    expect(result).to.deep.equal({ status: 0, output: '' });
  });

  it('fails on a function only DuckDB has, naming the file', () => {
    // Prepare
    const file = sqlFile('duckdb-only.sql', 'SELECT epoch(from_iso8601_timestamp(?)) AS seconds');

    // Act
    const result = checkAthenaSql([file]);

    // Assess
    expect(result.status).to.equal(1);
    expect(result.output).to.equal(`${file}: epoch() is not a Trino function (DuckDB-only or misspelt?)\n`);
  });

  it('fails on a syntax error, naming the file and the position', () => {
    // Prepare
    const file = sqlFile('broken.sql', 'SELECT a FROM WHERE b = 1');

    // Act
    const result = checkAthenaSql([file]);

    // Assess
    expect(result.status).to.equal(1);
    expect(result.output).to.match(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not Athena SQL: line 1, column \\d+: `),
    );
  });

  it('fails on names sqlglot quietly respells for Athena, and on DuckDB-only syntax', () => {
    // Prepare
    const respelled = sqlFile('respelled.sql', "SELECT ifnull(a, 'x'), len(a), now() FROM t");
    const syntax = sqlFile('syntax.sql', "SELECT a::integer, [1, 2], b ILIKE 'x%' FROM t");

    // Act
    const result = checkAthenaSql([respelled, syntax]);

    // Assess
    expect(result.status).to.equal(1);
    expect(result.output.trimEnd().split('\n')).to.deep.equal([
      `${respelled}: ifnull() is not Trino's spelling of this function (sqlglot rewrites it for Athena)`,
      `${respelled}: len() is not Trino's spelling of this function (sqlglot rewrites it for Athena)`,
      `${respelled}: now() is not Trino's spelling of this function (sqlglot rewrites it for Athena)`,
      `${syntax}: line 1: '::' casts are DuckDB/PostgreSQL syntax; Trino needs CAST(x AS type)`,
      `${syntax}: line 1: '[...]' list literals are DuckDB syntax; Trino writes ARRAY[...]`,
      `${syntax}: line 1: ILIKE is not Trino SQL; use lower(x) LIKE lower(pattern)`,
    ]);
  });

  it('accepts real Trino functions sqlglot has no expression for, and subscripts', () => {
    // Prepare
    const file = sqlFile(
      'trino.sql',
      "SELECT at_timezone(from_iso8601_timestamp(?), 'UTC'), split(a, ',')[1] FROM t",
    );

    // Act
    const result = checkAthenaSql([file]);

    // Assess
    expect(result).to.deep.equal({ status: 0, output: '' });
  });

  it('says how to install the check when the project virtualenv is missing', () => {
    // Act
    const act = () => checkAthenaSql([], join(directory, 'no-venv', 'bin', 'python'));

    // Assess
    expect(act).to.throw(/run `bash scripts\/setup-test-tools`/);
  });
});
