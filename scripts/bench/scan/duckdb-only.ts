import { DuckDBInstance } from '@duckdb/node-api';
import { CREDENTIAL_REPORT_COLUMNS, DEFAULT_CONFIG } from '@credential-tracker/core';
import {
  INVENTORY_TABLES_DDL,
  loadCatalog,
  parameterValues,
  TRINO_COMPATIBILITY_MACROS,
  utcDate,
} from '@credential-tracker/findings/local';

const sqlText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * What the scan is measured against: DuckDB alone doing the scan's engine work over the same files,
 * with nothing of ours around it. read_csv of every report (all columns text, strict), the catalog's
 * eleven queries with their parameters bound, each result written as JSON by COPY. No validation, no
 * JS objects: the floor a scan built on DuckDB could reach.
 */
export async function duckDbOnlyScan(
  files: readonly string[],
  asOf: Date,
  outputFile: string,
  catalogDirectory?: string,
): Promise<void> {
  const reportDate = utcDate(asOf);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    // The inventory tables stay empty, as in a scan without an inventory: review-revoke reads them.
    for (const statement of [...TRINO_COMPATIBILITY_MACROS, ...INVENTORY_TABLES_DDL])
      await connection.run(statement);
    const columns = CREDENTIAL_REPORT_COLUMNS.map((column) => `${sqlText(column)}: 'VARCHAR'`).join(', ');
    await connection.run(
      `CREATE TABLE credential_report AS SELECT *, ${sqlText(reportDate)} AS "date" FROM read_csv([${files.map(sqlText).join(', ')}], header = true, auto_detect = false, strict_mode = true, hive_partitioning = false, columns = {${columns}})`,
    );
    for (const [index, finding] of loadCatalog(catalogDirectory).entries()) {
      const values = parameterValues(finding, { asOf, reportDate, config: DEFAULT_CONFIG });
      const statement = await connection.prepare(
        `COPY (${finding.sql.replace(/;\s*$/, '')}) TO ${sqlText(`${outputFile}.${index}.json`)} (FORMAT json)`,
      );
      values.forEach((value, position) => {
        if (value.type === 'integer') statement.bindInteger(position + 1, value.value);
        else statement.bindVarchar(position + 1, value.value);
      });
      await statement.run();
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
