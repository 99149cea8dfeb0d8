/**
 * The few Trino functions the catalog and the change queries use that DuckDB lacks or spells
 * differently, as DuckDB macros. Each keeps Trino's meaning for the arguments the queries pass:
 * - from_iso8601_timestamp yields an instant, to_unixtime its seconds since the epoch as a double;
 * - cardinality(array) is the number of elements (DuckDB's own cardinality reads only maps);
 * - sequence(start, stop) is every integer from start to stop, counting down when stop < start.
 *
 * What no macro can bridge, the queries avoid: DuckDB cannot take a lambda as a macro argument, so there
 * is no Trino `transform`; an UNNEST of an array of rows is one struct column on DuckDB and one column
 * per field on Trino, so such arrays are read by position (sequence + subscript) instead.
 */
export const TRINO_COMPATIBILITY_MACROS: readonly string[] = [
  'CREATE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)',
  'CREATE MACRO to_unixtime(instant) AS epoch(instant)',
  'CREATE MACRO cardinality(items) AS len(items)',
  'CREATE MACRO sequence(start, stop) AS CASE WHEN start <= stop THEN generate_series(start, stop) ELSE generate_series(start, stop, -1) END',
];
