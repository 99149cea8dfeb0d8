variable "name" {
  description = "The prefix of every resource's name (functions, state machine, workgroup, topic, key alias)."
  type        = string
  default     = "credential-tracker"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or hyphens, starting with a letter (NAME-remediate-findings-review-revoke, the longest function and role name, is then at most 64 characters, IAM's and Lambda's limit)."
  }
}

variable "dist_dir" {
  description = "The folder of the function zips (npm run build writes dist/FUNCTION.zip); null for the repository's dist/."
  type        = string
  default     = null
}

variable "policies_dir" {
  description = "The folder of the IAM policy templates; null for the repository's policies/."
  type        = string
  default     = null
}

variable "catalog_dir" {
  description = "The finding catalog (one folder per finding with finding.json and query.sql); null for the repository's packages/findings/catalog."
  type        = string
  default     = null
}

variable "changes_dir" {
  description = "The change queries (one folder per query with change.json and query.sql); null for the repository's packages/findings/changes."
  type        = string
  default     = null
}

variable "state_machine_template" {
  description = "The state machine definition template; null for the repository's packages/state-machine/definition.asl.json.tpl."
  type        = string
  default     = null
}

variable "bucket_name" {
  description = "The bucket for reports, targets, summaries and Athena results; null for NAME-ACCOUNT_ID-REGION (at most 31 + 1 + 12 + 1 + 14 = 59 characters)."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit."
  }
}

variable "account_scope" {
  description = "organization: every ACTIVE account of the Organization (run in the management or a delegated administrator account); single: this account only."
  type        = string
  default     = "organization"

  validation {
    condition     = contains(["organization", "single"], var.account_scope)
    error_message = "account_scope must be organization or single."
  }
}

variable "include_accounts" {
  description = "Only these account ids are scanned; empty for every account in scope."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.include_accounts : can(regex("^[0-9]{12}$", id))])
    error_message = "include_accounts must be 12-digit account ids."
  }
}

variable "exclude_accounts" {
  description = "These account ids are never scanned."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.exclude_accounts : can(regex("^[0-9]{12}$", id))])
    error_message = "exclude_accounts must be 12-digit account ids."
  }
}

variable "include_ous" {
  description = "Only accounts under these OUs (ou-...) or roots (r-...) are scanned; empty for all."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.include_ous : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", id))])
    error_message = "include_ous must be OU ids (ou-...) or root ids (r-...)."
  }
}

variable "exclude_ous" {
  description = "Accounts under these OUs (ou-...) or roots (r-...) are never scanned."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.exclude_ous : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", id))])
    error_message = "exclude_ous must be OU ids (ou-...) or root ids (r-...)."
  }
}

variable "member_role_name" {
  description = "The base of the two member roles' names (at path /), deployed by modules/layers/member-account or the StackSet: NAME-collector (read-only; generate-report, download-report, collect-inventory, export-findings) and NAME-remediation (the writes; the remediate-findings-* functions). At most 52 characters, so both stay within IAM's 64."
  type        = string
  default     = "credential-tracker-member"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,52}$", var.member_role_name))
    error_message = "member_role_name must be 1-52 letters, digits and +=,.@_- (NAME-remediation is then at most 64 characters, IAM's limit)."
  }
}

variable "member_role_external_id" {
  description = "The external id both member roles require (sts:ExternalId) and the functions present; null for none. Recommended with account_scope = \"organization\": a second key besides the Organization."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.member_role_external_id == null || try(length(var.member_role_external_id) >= 2 && length(var.member_role_external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.member_role_external_id)), false)
    error_message = "member_role_external_id must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "organization_id" {
  description = "The Organization id (o-...; aws organizations describe-organization): the functions may then assume their member role only in its accounts (aws:ResourceOrgID) and the member roles trust them only from inside it (aws:PrincipalOrgID). Required with account_scope = \"organization\"; with \"single\", null limits the functions to this account."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must be an Organization id (o-...)."
  }

  validation {
    condition     = var.account_scope != "organization" || var.organization_id != null
    error_message = "organization_id is required with account_scope = \"organization\" (aws organizations describe-organization --query Organization.Id): without it the functions could assume their member role in any AWS account."
  }
}

variable "member_role_stackset" {
  description = "Roll both member roles out to these OUs (or the root r-...) with a service-managed StackSet, auto-deployed to new accounts; call_as DELEGATED_ADMIN from a delegated administrator account. null: deploy modules/layers/member-account yourself."
  type = object({
    organizational_unit_ids = list(string)
    call_as                 = optional(string, "SELF")
  })
  default = null

  validation {
    condition     = var.member_role_stackset == null || try(length(var.member_role_stackset.organizational_unit_ids) > 0 && contains(["SELF", "DELEGATED_ADMIN"], var.member_role_stackset.call_as), false)
    error_message = "member_role_stackset needs at least one OU or root id, and call_as SELF or DELEGATED_ADMIN."
  }
}

variable "rotation_days" {
  description = "An active access key older than this many days is a finding (ak-rotation, CIS 1.14)."
  type        = number
  default     = 90

  validation {
    condition     = var.rotation_days >= 1 && var.rotation_days <= 3650 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number from 1 to 3650."
  }
}

variable "unused_days" {
  description = "A key or password unused for longer than this many days is stale (ak-usage, cred-usage, CIS 1.12)."
  type        = number
  default     = 45

  validation {
    condition     = var.unused_days >= 1 && var.unused_days <= 3650 && floor(var.unused_days) == var.unused_days
    error_message = "unused_days must be a whole number from 1 to 3650."
  }
}

variable "cert_rotation_days" {
  description = "An active signing certificate older than this many days is a finding (cert-rotation)."
  type        = number
  default     = 90

  validation {
    condition     = var.cert_rotation_days >= 1 && var.cert_rotation_days <= 3650 && floor(var.cert_rotation_days) == var.cert_rotation_days
    error_message = "cert_rotation_days must be a whole number from 1 to 3650."
  }
}

variable "root_usage_days" {
  description = "Root credentials used more recently than this many days are reported (root-usage, CIS 1.7)."
  type        = number
  default     = 30

  validation {
    condition     = var.root_usage_days >= 1 && var.root_usage_days <= 3650 && floor(var.root_usage_days) == var.root_usage_days
    error_message = "root_usage_days must be a whole number from 1 to 3650."
  }
}

variable "grace_days" {
  description = "Days between a warning (or a new key) and disabling, for the remediations."
  type        = number
  default     = 15

  validation {
    condition     = var.grace_days >= 1 && var.grace_days <= 3650 && floor(var.grace_days) == var.grace_days
    error_message = "grace_days must be a whole number from 1 to 3650."
  }
}

variable "delete_after_days" {
  description = "Days between disabling a credential and deleting it, for the remediations."
  type        = number
  default     = 30

  validation {
    condition     = var.delete_after_days >= 1 && var.delete_after_days <= 3650 && floor(var.delete_after_days) == var.delete_after_days
    error_message = "delete_after_days must be a whole number from 1 to 3650."
  }
}

variable "max_in_use_hold_days" {
  description = "Days an old access key still in use (its newer key never used) keeps running past its due deactivation before policy deactivates it anyway."
  type        = number
  default     = 30

  validation {
    condition     = var.max_in_use_hold_days >= 1 && var.max_in_use_hold_days <= 3650 && floor(var.max_in_use_hold_days) == var.max_in_use_hold_days
    error_message = "max_in_use_hold_days must be a whole number from 1 to 3650."
  }
}

variable "never_deactivate_in_use_keys" {
  description = "Whether an old access key still in use is held until a human acts, whatever max_in_use_hold_days says."
  type        = bool
  default     = false
}

variable "enforce" {
  description = "Whether the remediations act; false plans and logs every action only."
  type        = bool
  default     = false
}

variable "include_users" {
  description = "Only these IAM users (names or ARNs) are remediated; empty for every user."
  type        = list(string)
  default     = []
}

variable "exclude_users" {
  description = "These IAM users (names or ARNs) are never remediated."
  type        = list(string)
  default     = []
}

variable "exempt_groups" {
  description = "Members of these IAM groups are never remediated."
  type        = list(string)
  default     = []
}

variable "max_actions_per_run" {
  description = "The blast radius: actions one run takes at most; the rest are deferred and ops alerted."
  type        = number
  default     = 50

  validation {
    condition     = var.max_actions_per_run >= 1 && var.max_actions_per_run <= 100000
    error_message = "max_actions_per_run must be from 1 to 100000."
  }
}

variable "max_actions_per_account" {
  description = "The blast radius in one account: actions one run takes there at most."
  type        = number
  default     = 10

  validation {
    condition     = var.max_actions_per_account >= 1 && var.max_actions_per_account <= 100000
    error_message = "max_actions_per_account must be from 1 to 100000."
  }
}

variable "admin_principals" {
  description = "IAM principal ARNs that may read a rotated key's secret besides the user who owns it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_principals : can(regex("^arn:[^:]+:iam::[0-9]{12}:(root|user/|role/)", arn))])
    error_message = "admin_principals must be ARNs of IAM users, roles or account roots."
  }
}

variable "fallback_email" {
  description = "The owner's address when a user has no email tag and its account no fallback; null for none."
  type        = string
  default     = null
}

variable "fallback_email_by_account" {
  description = "The owner's address per account id, when a user has no email tag."
  type        = map(string)
  default     = {}
}

variable "notification_emails" {
  description = "Addresses subscribed to the run summaries and failures (SNS; each confirms by email)."
  type        = list(string)
  default     = []
}

variable "notify_from" {
  description = "The SES sender of the owners' digests (NOTIFY_FROM of summarise-run, which sends one digest per owner per run): an address of ses_domain, one of ses_email_addresses or an identity verified otherwise; null sends no digest (the run summary says so)."
  type        = string
  default     = null

  validation {
    condition     = var.notify_from == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.notify_from))
    error_message = "notify_from must be an email address."
  }
}

variable "secret_kms_key_id" {
  description = "The KMS key of the rotated keys' secrets (SECRET_KMS_KEY_ID): an alias name (alias/...) resolved in each member account, or with a single member account a key ARN of that account; the member role may use keys of its own account only. The default, Secrets Manager's AWS managed key, needs no setup, but only principals of the secret's account can decrypt with it: for admin_principals in other accounts, create a customer managed key under one alias in every account and name that alias."
  type        = string
  default     = "alias/aws/secretsmanager"

  validation {
    condition     = can(regex("^(alias/[a-zA-Z0-9/_-]+|arn:[^:]+:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[a-zA-Z0-9/_-]+)$", var.secret_kms_key_id))
    error_message = "secret_kms_key_id must be an alias name (alias/...) or a KMS key or alias ARN."
  }
}

variable "ses_domain" {
  description = "A domain to send owner emails from (SES); null for none."
  type        = string
  default     = null
}

variable "ses_email_addresses" {
  description = "Sender addresses to verify with SES, e.g. while the account is in the SES sandbox."
  type        = list(string)
  default     = []
}

variable "security_hub_export" {
  description = "Export the run's findings to AWS Security Hub (ASFF, BatchImportFindings in each account, under its default product in this region) and archive those that cleared. Needs Security Hub enabled in the accounts and the collector role's Security Hub permissions (security_hub_export of modules/layers/member-account, or the StackSet's, which follows this)."
  type        = bool
  default     = false
}

variable "schedule_expression" {
  description = "When the daily run starts (UTC)."
  type        = string
  default     = "cron(15 0 * * ? *)"
}

variable "schedule_enabled" {
  description = "Whether the schedule starts runs."
  type        = bool
  default     = true
}

variable "review_schedule_expression" {
  description = "When generate-review writes and emails every account's access review (UTC), from the newest inventory; the default is 06:00 on the first day of each quarter."
  type        = string
  default     = "cron(0 6 1 1,4,7,10 ? *)"

  validation {
    condition     = can(regex("^(cron\\([^)]+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", var.review_schedule_expression))
    error_message = "review_schedule_expression must be cron(...) or rate(N unit)."
  }
}

variable "review_schedule_enabled" {
  description = "Whether the review schedule invokes generate-review (false: reviews only when it is invoked by hand)."
  type        = bool
  default     = true
}

variable "review_contact" {
  description = "Who receives the access review of an account not in review_contacts_by_account; null: the account's email address in Organizations (account_scope = \"organization\"), else nobody."
  type        = string
  default     = null

  validation {
    condition     = var.review_contact == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.review_contact))
    error_message = "review_contact must be an email address."
  }
}

variable "review_contacts_by_account" {
  description = "Who receives each account's access review, by account id; it comes before review_contact and the Organizations address."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for account, address in var.review_contacts_by_account :
      can(regex("^[0-9]{12}$", account)) && can(regex("^[^@\\s,=]+@[^@\\s,=]+\\.[^@\\s,=]+$", address))
    ])
    error_message = "review_contacts_by_account must map 12-digit account ids to email addresses."
  }
}

variable "max_concurrency" {
  description = "Accounts processed at once by the accounts Map."
  type        = number
  default     = 40

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000
    error_message = "max_concurrency must be from 1 to 10000."
  }
}

variable "report_wait_seconds" {
  description = "The pause between two GenerateCredentialReport calls while IAM prepares a report."
  type        = number
  default     = 10

  validation {
    condition     = var.report_wait_seconds >= 1 && var.report_wait_seconds <= 300
    error_message = "report_wait_seconds must be from 1 to 300."
  }
}

variable "report_max_cycles" {
  description = "Pauses before an account whose report is still not ready fails (alone) for this run."
  type        = number
  default     = 12

  validation {
    condition     = var.report_max_cycles >= 1 && var.report_max_cycles <= 100
    error_message = "report_max_cycles must be from 1 to 100."
  }
}

variable "log_retention_days" {
  description = "Days the functions' and the state machine's logs are kept."
  type        = number
  default     = 365
}

variable "athena_results_expiration_days" {
  description = "Days Athena query results are kept in the bucket."
  type        = number
  default     = 7
}

variable "report_expiration_days" {
  description = "Days credential reports and targets are kept in the bucket."
  type        = number
  default     = 400
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
