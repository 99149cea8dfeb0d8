import type { AthenaTextRow } from '@credential-tracker/core/aws';
import { FINDING_COLUMNS, findingRowSchema, type FindingRow } from '@credential-tracker/findings';

/** A result row that breaks the finding contract: the whole step fails, naming the row. */
export class FindingResultError extends Error {
  constructor(findingId: string, queryExecutionId: string, problem: string) {
    super(
      `retrieve-users-to-remediate: finding ${findingId}, Athena query ${queryExecutionId}: ${problem}; nothing was written, fix catalog/${findingId}/query.sql`,
    );
    this.name = 'FindingResultError';
  }
}

// Athena prints `timestamp with time zone` as '2026-01-02 03:04:05.000 UTC' (plain timestamps
// without the zone); the catalog's queries only ever produce UTC instants.
const ATHENA_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?: UTC)?$/;
const INTEGER = /^-?\d+$/;

/** Athena's text for an instant, or the text itself when it is not one (the schema then names it). */
function instant(text: string | undefined): Date | null | string {
  if (text === undefined || text === '') return null;
  const match = ATHENA_TIMESTAMP.exec(text);
  if (!match) return text;
  const milliseconds = (match[3] ?? '').padEnd(3, '0').slice(0, 3);
  return new Date(`${match[1]}T${match[2]}.${milliseconds}Z`);
}

function integer(text: string | undefined): number | null | string {
  if (text === undefined || text === '') return null;
  return INTEGER.test(text) ? Number(text) : text;
}

/** Checks the header row Athena puts first on the first page. */
export function checkHeader(cells: AthenaTextRow | undefined): string | undefined {
  const header = (cells ?? []).join(',');
  if (header === FINDING_COLUMNS.join(',')) return undefined;
  return `the result's columns are [${(cells ?? []).join(', ')}]; every finding returns [${FINDING_COLUMNS.join(', ')}]`;
}

/** One result row, from Athena's text (empty or missing is NULL) to a validated FindingRow. */
export function findingRowFromAthena(
  cells: AthenaTextRow,
): { ok: true; row: FindingRow } | { ok: false; problem: string } {
  if (cells.length !== FINDING_COLUMNS.length) {
    return { ok: false, problem: `has ${cells.length} values, expected ${FINDING_COLUMNS.length}` };
  }
  const [account_id, user_name, user_arn, credential, created_at, last_used_at, days] = cells;
  const parsed = findingRowSchema.safeParse({
    account_id,
    user_name,
    user_arn,
    credential,
    created_at: instant(created_at),
    last_used_at: instant(last_used_at),
    days: integer(days),
  });
  if (parsed.success) return { ok: true, row: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return { ok: false, problem: problems.join('; ') };
}
