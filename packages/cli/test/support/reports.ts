import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCredentialReport,
  iamUserRow,
  rootRow,
  type CredentialReportRow,
} from '@credential-tracker/core';
import { CATALOG_DIR, loadFinding, type Finding } from '@credential-tracker/findings';

export const AS_OF = '2024-06-01T00:00:00Z';

/** Only ak-rotation: exact counts must not depend on which other findings the catalog holds. */
export function akRotationCatalog(): Finding[] {
  return [loadFinding(join(CATALOG_DIR, 'ak-rotation'))];
}

/** A user whose key 1 is active, was last rotated on `rotated` and used the day before AS_OF. */
export function userWithKey(accountId: string, name: string, rotated: string): CredentialReportRow {
  return iamUserRow(accountId, name, {
    access_key_1_active: true,
    access_key_1_last_rotated: new Date(rotated),
    access_key_1_last_used_date: new Date('2024-05-31T09:00:00Z'),
    access_key_1_last_used_region: 'eu-west-1',
    access_key_1_last_used_service: 's3',
  });
}

/** Root with MFA and no keys, and a user without a single credential: nothing to find. */
export function cleanRows(accountId: string): CredentialReportRow[] {
  return [rootRow(accountId), iamUserRow(accountId, 'no-credentials')];
}

export class ReportDirectory {
  readonly path = mkdtempSync(join(tmpdir(), 'credential-tracker-cli-'));

  write(fileName: string, rows: readonly CredentialReportRow[]): string {
    return this.writeText(fileName, formatCredentialReport(rows));
  }

  writeText(fileName: string, text: string): string {
    const path = join(this.path, fileName);
    writeFileSync(path, text);
    return path;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
