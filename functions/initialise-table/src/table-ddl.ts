import { CREDENTIAL_REPORT_COLUMNS } from '@credential-tracker/core';
import { ACTION_LOG_COLUMNS, S3_PREFIXES } from '@credential-tracker/core/aws';
import {
  INVENTORY_COLUMNS,
  INVENTORY_KINDS,
  inventoryTableName,
  type InventoryColumnType,
  type InventoryKind,
} from '@credential-tracker/core/inventory';
import { FINDING_COLUMNS } from '@credential-tracker/findings';

/**
 * The Athena tables over the pipeline's S3 layout (packages/core/src/aws/s3-layout.ts). Partition
 * projection computes the partitions from the key layout, so no MSCK REPAIR or crawler ever runs and
 * a new day's reports are queryable the moment they land.
 */

export interface TableDefinition {
  readonly name: string;
  readonly ddl: string;
}

interface Column {
  readonly name: string;
  readonly type: 'string' | 'int' | InventoryColumnType;
}

interface TableShape {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly serde: string;
  readonly prefix: string;
  /** Partition keys after `date`, each one path segment `key=value`, projected as injected values. */
  readonly injected: readonly string[];
  /** A folder under the partitions that holds the table's files, when the partition holds others too. */
  readonly folder?: string;
  readonly extraProperties: readonly (readonly [string, string])[];
}

const OPEN_CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde';
const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';

// Backticks on every identifier: `user`, `date` and `function` are reserved words in Athena DDL.
const identifier = (name: string): string => `\`${name}\``;
const literal = (text: string): string => `'${text.replaceAll("'", "\\'")}'`;

function tableDdl(bucket: string, shape: TableShape): string {
  const location = `s3://${bucket}/${shape.prefix}/`;
  const partitions = ['date', ...shape.injected].map((key) => `${key}=\${${key}}/`).join('');
  const template = `${location}${partitions}${shape.folder === undefined ? '' : `${shape.folder}/`}`;
  const properties: (readonly [string, string])[] = [
    ...shape.extraProperties,
    ['projection.enabled', 'true'],
    ['projection.date.type', 'date'],
    ['projection.date.format', 'yyyy-MM-dd'],
    ['projection.date.range', 'NOW-3YEARS,NOW'],
    ['projection.date.interval', '1'],
    ['projection.date.interval.unit', 'DAYS'],
    ...shape.injected.map((key) => [`projection.${key}.type`, 'injected'] as const),
    ['storage.location.template', template],
  ];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${identifier(shape.name)} (`,
    shape.columns.map((column) => `  ${identifier(column.name)} ${column.type}`).join(',\n'),
    ')',
    `PARTITIONED BY (${['date', ...shape.injected].map((key) => `${identifier(key)} string`).join(', ')})`,
    `ROW FORMAT SERDE ${literal(shape.serde)}`,
    'STORED AS TEXTFILE',
    `LOCATION ${literal(location)}`,
    'TBLPROPERTIES (',
    properties.map(([key, value]) => `  ${literal(key)} = ${literal(value)}`).join(',\n'),
    ')',
  ].join('\n');
}

const strings = (names: readonly string[]): Column[] => names.map((name) => ({ name, type: 'string' }));

export const CREDENTIAL_REPORT_TABLE = 'credential_report';
export const TARGETS_TABLE = 'targets';
export const ACTIONS_TABLE = 'actions';

/** The action log's fields are declared beside its writer, so the table and the lines agree. */
export { ACTION_LOG_COLUMNS };

/** The IAM credential report exactly as stored (CSV with its header), every column as text. */
export const credentialReportTable = (bucket: string): TableDefinition => ({
  name: CREDENTIAL_REPORT_TABLE,
  ddl: tableDdl(bucket, {
    name: CREDENTIAL_REPORT_TABLE,
    columns: strings(CREDENTIAL_REPORT_COLUMNS),
    serde: OPEN_CSV_SERDE,
    prefix: S3_PREFIXES.credentialReports,
    injected: [],
    extraProperties: [['skip.header.line.count', '1']],
  }),
});

/**
 * The users to remediate, one JSON line per finding row. Times stay ISO text: the JSON SerDe's own
 * timestamp parsing does not read the `Z` suffix reliably; from_iso8601_timestamp does.
 */
export const targetsTable = (bucket: string): TableDefinition => ({
  name: TARGETS_TABLE,
  ddl: tableDdl(bucket, {
    name: TARGETS_TABLE,
    columns: FINDING_COLUMNS.map((name) => ({ name, type: name === 'days' ? 'int' : 'string' })),
    serde: JSON_SERDE,
    prefix: S3_PREFIXES.targets,
    injected: ['run'],
    extraProperties: [],
  }),
});

/** Every remediation decision, one JSON line each. */
export const actionsTable = (bucket: string): TableDefinition => ({
  name: ACTIONS_TABLE,
  ddl: tableDdl(bucket, {
    name: ACTIONS_TABLE,
    columns: strings(ACTION_LOG_COLUMNS),
    serde: JSON_SERDE,
    prefix: S3_PREFIXES.actions,
    injected: ['run'],
    extraProperties: [],
  }),
});

/**
 * One kind of the daily IAM inventory (collect-inventory), one JSON line per record, typed as the
 * records are (packages/core/src/inventory/columns.ts). The four kinds share each day's partition,
 * inventory/date=YYYY-MM-DD/, each in a folder of its own kind (<kind>/<account_id>.jsonl): a table
 * reads every file under its location, so the projected location names the kind's folder.
 */
export const inventoryTable = (bucket: string, kind: InventoryKind): TableDefinition => ({
  name: inventoryTableName(kind),
  ddl: tableDdl(bucket, {
    name: inventoryTableName(kind),
    columns: INVENTORY_COLUMNS[kind],
    serde: JSON_SERDE,
    prefix: S3_PREFIXES.inventory,
    injected: [],
    folder: kind,
    extraProperties: [],
  }),
});

/** In creation order. */
export const pipelineTables = (bucket: string): TableDefinition[] => [
  credentialReportTable(bucket),
  targetsTable(bucket),
  actionsTable(bucket),
  ...INVENTORY_KINDS.map((kind) => inventoryTable(bucket, kind)),
];
