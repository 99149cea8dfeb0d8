import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_USER_NAME, type RemediationId } from '@credential-tracker/core';
import { S3_PREFIXES } from '@credential-tracker/core/aws';

/** A user of the run's reports whose live state the plan needs although no finding names it. */
export interface UserRef {
  readonly account_id: string;
  readonly user_name: string;
}

/**
 * The finding queries return active keys only, so a key the tracker deactivated (a rotation's old key,
 * an unused key) is never a target again; its deletion is a follow-up the planner finds in the live
 * state. These are the users to read for it: every user with an inactive key in the run's credential
 * reports, in every account of the run, whether or not the account has targets today.
 */
export async function followUpCandidates(
  s3: S3Client,
  bucket: string,
  date: string,
  remediation: RemediationId,
): Promise<UserRef[]> {
  if (remediation !== 'ak-rotation' && remediation !== 'ak-usage') return [];
  const prefix = `${S3_PREFIXES.credentialReports}/date=${date}/`;
  const users: UserRef[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      if (!object.Key?.endsWith('.csv')) continue;
      const accountId = /(\d{12})\.csv$/.exec(object.Key)?.[1];
      if (!accountId) continue;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      users.push(...usersWithInactiveKeys((await body.Body?.transformToString()) ?? '', accountId));
    }
  }
  return users;
}

/**
 * The users of one stored report with an inactive key (active false and a rotation date: the key
 * exists). download-report validated the report before storing it (22 columns; IAM never quotes a
 * cell), so lines are split as they are: the full parser would put a CSV library and the report
 * schema in the zip (10 KB, past the 250 KiB target) for four columns. A line that does not split
 * into the header's columns is passed over: these are only candidates, the live state decides.
 */
export function usersWithInactiveKeys(report: string, accountId: string): UserRef[] {
  const [header, ...lines] = report.replace(/^\uFEFF/, '').split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const at = (name: string) => columns.indexOf(name);
  const user = at('user');
  const keys = [1, 2].map((n) => ({
    active: at(`access_key_${n}_active`),
    rotated: at(`access_key_${n}_last_rotated`),
  }));
  if (user < 0 || keys.some((key) => key.active < 0 || key.rotated < 0)) return [];
  const users: UserRef[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    if (cells.length !== columns.length) continue;
    const name = cells[user] as string;
    const inactiveKey = keys.some(
      (key) => cells[key.active] === 'false' && /^\d{4}-\d{2}-\d{2}T/.test(cells[key.rotated] ?? ''),
    );
    if (inactiveKey && name !== ROOT_USER_NAME) users.push({ account_id: accountId, user_name: name });
  }
  return users;
}
