// The two member roles the tracker assumes in each account, as Terraform deploys them
// (modules/aws/member-role): their names, the tracker functions each trusts, and an evaluator of their
// trust policies. moto does not check a trust policy when a role is assumed (with its default
// authentication off it does not even check that the role exists), so the tests read the documents
// moto holds and judge them with trustAllows.

/** The tracker layer's default member_role_name, and the two names it derives from it. */
export const MEMBER_ROLE_BASE_NAME = 'credential-tracker-member';
export const COLLECTOR_ROLE_NAME = `${MEMBER_ROLE_BASE_NAME}-collector`;
export const REMEDIATION_ROLE_NAME = `${MEMBER_ROLE_BASE_NAME}-remediation`;
export const MEMBER_ROLE_NAMES = {
  collector: COLLECTOR_ROLE_NAME,
  remediation: REMEDIATION_ROLE_NAME,
} as const;
export type MemberRoleKind = keyof typeof MEMBER_ROLE_NAMES;

/** The functions each member role trusts (the tracker layer's tracker_role_arns output). */
export const TRUSTED_FUNCTIONS: Readonly<Record<MemberRoleKind, readonly string[]>> = {
  collector: ['generate-report', 'download-report', 'collect-inventory', 'export-findings'],
  remediation: [
    'remediate-findings-ak-rotation',
    'remediate-findings-ak-usage',
    'remediate-findings-cert-rotation',
    'remediate-findings-cred-usage',
    'remediate-findings-review-revoke',
  ],
};

/** A tracker function's own role in the tracker account (lambda-function names it after the function). */
export const trackerFunctionRoleArn = (trackerAccount: string, functionName: string): string =>
  `arn:aws:iam::${trackerAccount}:role/credential-tracker-${functionName}`;

/** The trust policy Terraform gives a member role (policies/trust-member-role.json.tpl), without an external id. */
export function memberRoleTrustPolicy(kind: MemberRoleKind, trackerAccount: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheTrackerFunctions',
        Effect: 'Allow',
        Principal: {
          AWS: TRUSTED_FUNCTIONS[kind].map((name) => trackerFunctionRoleArn(trackerAccount, name)),
        },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalAccount': [trackerAccount] } },
      },
    ],
  });
}

interface TrustStatement {
  readonly Effect?: string;
  readonly Principal?: { readonly AWS?: string | readonly string[] } | string;
  readonly Action?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/**
 * Whether a trust policy lets `principalArn` (a role ARN) call sts:AssumeRole, given the request's
 * condition keys: an Allow statement naming the role (no wildcards: the tracker's trust names roles)
 * whose StringEquals conditions all hold, and no Deny that matches. Other condition operators make a
 * statement not match (the tracker's trust uses none).
 */
export function trustAllows(
  document: string,
  principalArn: string,
  context: Readonly<Record<string, string>> = {},
): boolean {
  const statements = asList(
    (JSON.parse(decodeURIComponent(document)) as { Statement?: TrustStatement | TrustStatement[] }).Statement,
  );
  const matches = (statement: TrustStatement): boolean => {
    const principal = statement.Principal;
    const principals = typeof principal === 'string' ? [principal] : asList(principal?.AWS);
    if (!principals.includes(principalArn)) return false;
    if (!asList(statement.Action).includes('sts:AssumeRole')) return false;
    return Object.entries(statement.Condition ?? {}).every(
      ([operator, keys]) =>
        operator === 'StringEquals' &&
        Object.entries(keys).every(([key, values]) => {
          const actual = context[key];
          return actual !== undefined && asList(values).includes(actual);
        }),
    );
  };
  if (statements.some((statement) => statement.Effect === 'Deny' && matches(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && matches(statement));
}
