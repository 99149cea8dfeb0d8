/**
 * The inventory of one account on one day: what collect-inventory writes as JSON lines to
 * inventory/date=YYYY-MM-DD/{users,groups,roles,policies}/<account_id>.jsonl, what the Athena tables
 * (initialise-table) and the change queries read, and what the access review is built from.
 *
 * Every list is sorted and every instant is ISO 8601 UTC text, so two snapshots of an unchanged
 * account are byte-identical and the change queries compare plain values. Names, not ARNs, in the
 * lists: that is what a reviewer reads; the ARNs are in each record.
 */

/** The files of one account's snapshot, in the order they are written. */
export const INVENTORY_KINDS = ['users', 'groups', 'roles', 'policies'] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

/** The tag an account owner sets on a user to ask for its removal at the next run. */
export const REVIEW_TAG_KEY = 'credential-tracker:review';
export const REVIEW_REVOKE_VALUE = 'revoke';

/** The AWS managed policy that grants everything. */
export const ADMINISTRATOR_ACCESS_POLICY = 'AdministratorAccess';

export interface InventoryTag {
  readonly key: string;
  readonly value: string;
}

export interface InventoryAccessKey {
  readonly access_key_id: string;
  readonly status: 'Active' | 'Inactive';
  readonly created_at: string;
}

/**
 * Why a principal holds administrator-equivalent access, one entry a grant:
 * `managed:AdministratorAccess`, `managed:<customer policy allowing * on *>`, `inline:<name>`, and for
 * what a user holds through a group, the same prefixed with `group:<group name>/`.
 */
export type AdminSource = string;

/** Shared by users, groups and roles: the policies attached to the principal itself. */
export interface PolicyHolder {
  /** Managed policies (AWS or customer) attached to this principal directly, by name. */
  readonly attached_policies: readonly string[];
  /** Inline policies of this principal, by name. */
  readonly inline_policies: readonly string[];
  /** AdministratorAccess, or an Allow of `*` on `*`, through any of the policies above (and groups). */
  readonly admin_equivalent: boolean;
  readonly admin_sources: readonly AdminSource[];
}

export interface InventoryUser extends PolicyHolder {
  readonly account_id: string;
  readonly user_name: string;
  readonly user_id: string;
  readonly arn: string;
  readonly path: string;
  readonly created_at: string;
  readonly tags: readonly InventoryTag[];
  /** The value of the credential-tracker:review tag, trimmed and lower-cased; null without the tag. */
  readonly review: string | null;
  /** The groups the user is a member of, by name. */
  readonly groups: readonly string[];
  readonly access_keys: readonly InventoryAccessKey[];
}

export interface InventoryGroup extends PolicyHolder {
  readonly account_id: string;
  readonly group_name: string;
  readonly group_id: string;
  readonly arn: string;
  readonly path: string;
  readonly created_at: string;
  /** The users in the group, by name. */
  readonly members: readonly string[];
}

export interface InventoryRole extends PolicyHolder {
  readonly account_id: string;
  readonly role_name: string;
  readonly role_id: string;
  readonly arn: string;
  readonly path: string;
  readonly created_at: string;
  readonly tags: readonly InventoryTag[];
  /** Who may assume the role, one `<type>:<principal>` each: `AWS:arn:aws:iam::111122223333:root`, `Service:lambda.amazonaws.com`, `Federated:...`, `AWS:*`. */
  readonly trust_principals: readonly string[];
  readonly last_used_at: string | null;
  readonly last_used_region: string | null;
  /** Made and owned by an AWS service (path /aws-service-role/): listed, never a finding. */
  readonly service_linked: boolean;
}

/** A customer managed policy (AWS managed ones are known by name only). */
export interface InventoryPolicy {
  readonly account_id: string;
  readonly policy_name: string;
  readonly policy_id: string;
  readonly arn: string;
  readonly path: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly default_version_id: string;
  readonly attachment_count: number;
  /** The default version's document, URL-decoded, as compact JSON text. */
  readonly document: string;
  /** The document holds an Allow of Action `*` on Resource `*`. */
  readonly admin_equivalent: boolean;
}

export interface InventorySnapshot {
  readonly account_id: string;
  /** The run date the snapshot belongs to, YYYY-MM-DD. */
  readonly date: string;
  readonly users: readonly InventoryUser[];
  readonly groups: readonly InventoryGroup[];
  readonly roles: readonly InventoryRole[];
  readonly policies: readonly InventoryPolicy[];
}
