import type { ScanFinding, Severity } from '@credential-tracker/findings/local';
import type { RenderableScan } from '../../src/render/renderable-scan.js';

export const FIXTURE_AS_OF = new Date('2024-06-01T00:00:00.000Z');

function finding(
  id: string,
  severity: Severity,
  accountId: string,
  userName: string,
  credential: string,
  days: number | null,
  createdAt: string | null,
  lastUsedAt: string | null,
): ScanFinding {
  const arn =
    userName === '<root_account>'
      ? `arn:aws:iam::${accountId}:root`
      : `arn:aws:iam::${accountId}:user/${userName}`;
  return {
    finding: id,
    severity,
    account_id: accountId,
    user_name: userName,
    user_arn: arn,
    credential,
    created_at: createdAt === null ? null : new Date(createdAt),
    last_used_at: lastUsedAt === null ? null : new Date(lastUsedAt),
    days,
  };
}

/**
 * A scan as the engine would return it (rows sorted by severity, finding, account, user), over a
 * catalog that includes a finding with no rows. One user name carries the characters a page or a
 * CSV must escape.
 */
export function fixtureScan(): RenderableScan {
  return {
    as_of: FIXTURE_AS_OF,
    reports: [
      { account_id: '111111111111', source: 'reports/111111111111.csv', users: 12 },
      { account_id: '222222222222', source: 'reports/222222222222.csv', users: 7 },
      { account_id: '333333333333', source: 'reports/333333333333.csv', users: 3 },
    ],
    catalog: [
      { id: 'ak-rotation', title: 'Access key not rotated within the rotation period', severity: 'high' },
      { id: 'ak-usage', title: 'Access key unused', severity: 'medium' },
      { id: 'cert-rotation', title: 'Signing certificate not rotated', severity: 'medium' },
      { id: 'root-mfa', title: 'Root user without MFA', severity: 'critical' },
      { id: 'unused-initial-key', title: 'Key created with the user and never used', severity: 'low' },
    ],
    findings: [
      finding('root-mfa', 'critical', '222222222222', '<root_account>', 'mfa', null, null, null),
      finding(
        'ak-rotation',
        'high',
        '111111111111',
        'alice',
        'access_key_1',
        517,
        '2023-01-01T00:00:00Z',
        '2024-05-30T10:00:00Z',
      ),
      finding(
        'ak-rotation',
        'high',
        '111111111111',
        'bob,ops@x.io',
        'access_key_2',
        137,
        '2024-01-15T08:00:00Z',
        null,
      ),
      finding(
        'ak-rotation',
        'high',
        '222222222222',
        'dave',
        'access_key_1',
        823,
        '2022-03-01T00:00:00Z',
        null,
      ),
      finding(
        'ak-usage',
        'medium',
        '111111111111',
        'eve"<b>&amp;</b>',
        'access_key_1',
        60,
        '2024-01-01T00:00:00Z',
        '2024-04-02T00:00:00Z',
      ),
      finding(
        'unused-initial-key',
        'low',
        '111111111111',
        'frank',
        'access_key_1',
        null,
        '2024-05-01T00:00:00Z',
        null,
      ),
    ],
  };
}

/** The same scan with nothing found. */
export function cleanFixtureScan(): RenderableScan {
  return { ...fixtureScan(), findings: [] };
}
