// How IAM itself compares the names a safety rule matches on. A rule that compares more strictly than
// IAM does can be walked around: `Break-Glass` and `break-glass` are one group to IAM, so an exemption
// of one must hold for the other.

/**
 * IAM user, group, role and policy names are unique within an account regardless of case: "Names are
 * not distinguished by case. For example, you cannot create resources named both "MyResource" and
 * "myresource"." (IAM API Reference, CreateUser and CreateGroup, UserName / GroupName;
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html). The names are ASCII
 * ([\w+=,.@-]), so lower-casing is exact.
 */
export const sameIamName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The value of a user's tag. For IAM users and roles, tag keys are not case sensitive although their
 * case is preserved: a user cannot hold both `Department` and `department` ("Case sensitivity",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules). So the key is looked
 * up whatever its case; the value is returned as written.
 */
export function iamTagValue(
  tags: Readonly<Record<string, string>> | null | undefined,
  key: string,
): string | undefined {
  if (!tags) return undefined;
  if (Object.hasOwn(tags, key)) return tags[key];
  const wanted = key.toLowerCase();
  for (const [candidate, value] of Object.entries(tags)) {
    if (candidate.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** An IAM user ARN taken apart: arn:PARTITION:iam::ACCOUNT:user/PATH/NAME (the path may be empty). */
export interface IamUserArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** The path, with its leading and trailing slash: `/` when the user has none. */
  readonly path: string;
  readonly userName: string;
}

// IAM ARNs: "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe" — a path of
// [\w+=,.@/-] segments, then the user name (IAM User Guide, "IAM identifiers", reference_identifiers).
const USER_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):user(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export function iamUserArnParts(arn: string): IamUserArnParts | null {
  const match = USER_ARN.exec(arn);
  if (!match) return null;
  const [, partition, accountId, path, userName] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { partition, accountId, path, userName };
}

/**
 * Whether two user ARNs name the same IAM user: the same partition and account, and the same name
 * whatever its case and whatever path either names. A user name is unique in its account across all
 * paths (the path only organises users), so `user/pathy2` and `user/team/pathy2` are one user, and
 * an exclusion written without the path must still exclude it.
 */
export function sameIamUser(a: string, b: string): boolean {
  const left = iamUserArnParts(a);
  const right = iamUserArnParts(b);
  if (!left || !right) return a === b;
  return (
    left.partition === right.partition &&
    left.accountId === right.accountId &&
    sameIamName(left.userName, right.userName)
  );
}
