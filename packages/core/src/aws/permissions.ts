// The IAM actions each step of a remediation calls, declared next to the code (as Cloud Custodian
// does) so the Terraform policies can be checked against it. A test records the commands the steps
// send against moto and checks each is declared here.
import type { ActionKind, RemediationId } from '../remediation/decision.js';

/** readLiveUserState, in the member account, for every remediation. */
export const LIVE_STATE_PERMISSIONS = [
  'iam:GetUser',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'iam:GetLoginProfile',
  'iam:ListSigningCertificates',
  'iam:ListUserTags',
  'iam:ListGroupsForUser',
] as const;

/**
 * readAccountInventory (collect-inventory), in the member account: one account-wide walk (an action
 * that takes no resource ARN), then each user's access keys.
 */
export const INVENTORY_PERMISSIONS = ['iam:GetAccountAuthorizationDetails', 'iam:ListAccessKeys'] as const;

/** rotationSecretState: ak-rotation also reads where a rotation stands from its secret's tags. */
export const ROTATION_STATE_PERMISSIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
] as const;

/**
 * executeAction, per action. A secret under a customer managed key also needs kms:GenerateDataKey and
 * kms:Decrypt on that key (Secrets Manager calls KMS as the caller, kms:ViaService secretsmanager).
 */
export const ACTION_PERMISSIONS: Readonly<Record<ActionKind, readonly string[]>> = {
  create_key_and_store: [
    'iam:ListAccessKeys',
    'iam:CreateAccessKey',
    'iam:DeleteAccessKey',
    'secretsmanager:DescribeSecret',
    'secretsmanager:GetResourcePolicy',
    'secretsmanager:CreateSecret',
    'secretsmanager:PutResourcePolicy',
    'secretsmanager:TagResource',
    'secretsmanager:UntagResource',
    'secretsmanager:PutSecretValue',
  ],
  clear_rotation_mark: [
    'secretsmanager:DescribeSecret',
    'secretsmanager:GetResourcePolicy',
    'secretsmanager:UntagResource',
  ],
  deactivate_key: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  delete_key: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'],
  delete_login_profile: ['iam:DeleteLoginProfile'],
  deactivate_certificate: ['iam:ListSigningCertificates', 'iam:UpdateSigningCertificate'],
};

/** The actions each remediation can plan (follow-up deletions included). */
export const REMEDIATION_ACTIONS: Readonly<Record<RemediationId, readonly ActionKind[]>> = {
  'ak-rotation': ['create_key_and_store', 'clear_rotation_mark', 'deactivate_key', 'delete_key'],
  'ak-usage': ['deactivate_key', 'delete_key'],
  'cert-rotation': ['deactivate_certificate'],
  'cred-usage': ['delete_login_profile'],
  'review-revoke': ['delete_login_profile', 'deactivate_key'],
};

/** Every action a remediation function calls in a member account, sorted. */
export function memberAccountPermissions(remediation: RemediationId): string[] {
  const all = new Set<string>([
    ...LIVE_STATE_PERMISSIONS,
    ...(remediation === 'ak-rotation' ? ROTATION_STATE_PERMISSIONS : []),
    ...REMEDIATION_ACTIONS[remediation].flatMap((action) => ACTION_PERMISSIONS[action]),
  ]);
  return [...all].sort();
}

/** The SDK command a permission is exercised by: iam:ListAccessKeys ↔ ListAccessKeysCommand. */
export const permissionOfCommand = (service: 'iam' | 'secretsmanager', commandName: string): string =>
  `${service}:${commandName.replace(/Command$/, '')}`;
