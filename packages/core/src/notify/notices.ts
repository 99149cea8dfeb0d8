// A notice: one user's digest items, queued by a remediation function for its owner's address. The
// four remediation functions run in parallel, so each writes its notices to S3 and summarise-run,
// after the findings Map, merges them into one digest per owner (issue 4: one email per owner per run).
import * as z from '../zod.js';
import { ADDRESS, DIGEST_RESULTS, type DigestUser, type OwnerDigest } from './digest.js';

const digestItemSchema = z.strictObject({
  result: z.enum(DIGEST_RESULTS),
  credential: z.string().check(z.minLength(1)),
  reason: z.string().check(z.minLength(1)),
  next_step: z.nullable(
    z.strictObject({ action: z.string().check(z.minLength(1)), due_at: z.iso.datetime() }),
  ),
  stored: z.optional(
    z.strictObject({
      access_key_id: z.string().check(z.minLength(1)),
      secret_name: z.string().check(z.minLength(1)),
    }),
  ),
});

/** One line of a notices file. Strict: a line with anything else (a secret, say) is refused, not sent. */
export const noticeSchema = z.strictObject({
  address: z.string().check(z.regex(ADDRESS, 'not an email address')),
  account_id: z.string().check(z.regex(/^\d{12}$/, 'not an account id')),
  user_name: z.string().check(z.minLength(1)),
  items: z.array(digestItemSchema).check(z.minLength(1)),
});
export type Notice = z.output<typeof noticeSchema>;

export const noticesText = (notices: readonly Notice[]): string =>
  notices.map((notice) => `${JSON.stringify(notice)}\n`).join('');

/**
 * Parses a notices file, every line or none: a file with one bad line is reported as a whole, since
 * sending the rest would tell an owner only part of what happened to their users.
 */
export function parseNotices(text: string): Notice[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new NoticesFileError(`line ${index + 1}: not JSON`);
      }
      const parsed = noticeSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new NoticesFileError(
          `line ${index + 1}: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`,
        );
      }
      return parsed.data;
    });
}

/** A notices file that is not a list of valid notices; the message names the line, never its content. */
export class NoticesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticesFileError';
  }
}

/**
 * One digest per owner address from the notices of all functions and accounts: a user named by two
 * remediations appears once, with the items of both. Sorted, so a rerun renders the same emails.
 */
export function mergeNotices(notices: readonly Notice[]): OwnerDigest[] {
  type MergedUser = { account_id: string; user_name: string; items: Notice['items'][number][] };
  const owners = new Map<string, Map<string, MergedUser>>();
  for (const notice of notices) {
    const users = owners.get(notice.address) ?? new Map<string, MergedUser>();
    owners.set(notice.address, users);
    const userKey = `${notice.account_id}/${notice.user_name}`;
    const user = users.get(userKey) ?? {
      account_id: notice.account_id,
      user_name: notice.user_name,
      items: [],
    };
    users.set(userKey, user);
    user.items.push(...notice.items);
  }
  return [...owners.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([address, users]) => ({
      address,
      users: [...users.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([, user]): DigestUser => user),
    }));
}
