# The settings an environment sets in terraform.tfvars; each is the layer's variable of the same name
# (modules/layers/credential-tracker/variables.tf says more), with the same default.

variable "region" {
  description = "The AWS region the tracker runs in."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "The prefix of every resource's name."
  type        = string
  default     = "credential-tracker"
}

variable "account_scope" {
  description = "organization (every ACTIVE account) or single (this account)."
  type        = string
  default     = "organization"
}

variable "include_accounts" {
  description = "Only these account ids are scanned; empty for all."
  type        = list(string)
  default     = []
}

variable "exclude_accounts" {
  description = "These account ids are never scanned."
  type        = list(string)
  default     = []
}

variable "include_ous" {
  description = "Only accounts under these OUs or roots are scanned; empty for all."
  type        = list(string)
  default     = []
}

variable "exclude_ous" {
  description = "Accounts under these OUs or roots are never scanned."
  type        = list(string)
  default     = []
}

variable "organization_id" {
  description = "The Organization id (o-...): the functions assume their member roles only in its accounts and the roles trust them only from inside it. Required with account_scope = \"organization\"."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must be an Organization id (o-...)."
  }
}

variable "member_role_name" {
  description = "The base of the two member roles' names: NAME-collector and NAME-remediation (at most 52 characters)."
  type        = string
  default     = "credential-tracker-member"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,52}$", var.member_role_name))
    error_message = "member_role_name must be 1-52 letters, digits and +=,.@_-."
  }
}

variable "member_role_external_id" {
  description = "The external id both member roles require; null for none."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.member_role_external_id == null || try(length(var.member_role_external_id) >= 2 && length(var.member_role_external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.member_role_external_id)), false)
    error_message = "member_role_external_id must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "member_role_stackset" {
  description = "Roll both member roles out to these OUs with a service-managed StackSet; null to deploy modules/layers/member-account yourself."
  type = object({
    organizational_unit_ids = list(string)
    call_as                 = optional(string, "SELF")
  })
  default = null
}

variable "rotation_days" {
  description = "An active access key older than this is a finding."
  type        = number
  default     = 90
}

variable "unused_days" {
  description = "A key or password unused for longer than this is stale."
  type        = number
  default     = 45
}

variable "cert_rotation_days" {
  description = "An active signing certificate older than this is a finding."
  type        = number
  default     = 90
}

variable "root_usage_days" {
  description = "Root credentials used more recently than this are reported."
  type        = number
  default     = 30
}

variable "grace_days" {
  description = "Days between a warning (or a new key) and disabling."
  type        = number
  default     = 15
}

variable "delete_after_days" {
  description = "Days between disabling a credential and deleting it."
  type        = number
  default     = 30
}

variable "max_in_use_hold_days" {
  description = "Days an old access key still in use keeps running past its due deactivation before policy deactivates it anyway."
  type        = number
  default     = 30
}

variable "never_deactivate_in_use_keys" {
  description = "Whether an old access key still in use is held until a human acts."
  type        = bool
  default     = false
}

variable "enforce" {
  description = "Whether the remediations act (false: plan and log only)."
  type        = bool
  default     = false
}

variable "max_actions_per_run" {
  description = "Actions one run takes at most."
  type        = number
  default     = 50
}

variable "max_actions_per_account" {
  description = "Actions one run takes at most in one account."
  type        = number
  default     = 10
}

variable "exclude_users" {
  description = "IAM users (names or ARNs) never remediated."
  type        = list(string)
  default     = []
}

variable "exempt_groups" {
  description = "Members of these IAM groups are never remediated."
  type        = list(string)
  default     = []
}

variable "admin_principals" {
  description = "Principals that may read a rotated key's secret besides its user."
  type        = list(string)
  default     = []
}

variable "fallback_email" {
  description = "The owner's address when a user has no email tag; null for none."
  type        = string
  default     = null
}

variable "notify_from" {
  description = "The verified SES sender of the owners' digests; null sends none."
  type        = string
  default     = null
}

variable "ses_domain" {
  description = "A domain to verify with SES and send the digests from; null for none."
  type        = string
  default     = null
}

variable "ses_email_addresses" {
  description = "Sender addresses to verify with SES (e.g. notify_from while SES is in its sandbox)."
  type        = list(string)
  default     = []
}

variable "secret_kms_key_id" {
  description = "The KMS key of rotated keys' secrets in each member account (alias name, or key ARN)."
  type        = string
  default     = "alias/aws/secretsmanager"
}

variable "notification_emails" {
  description = "Addresses subscribed to run summaries and failures."
  type        = list(string)
  default     = []
}

variable "security_hub_export" {
  description = "Export the run's findings to AWS Security Hub in each account and archive those that cleared (off by default; the member roles need it too)."
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
  description = "When every account's access review is written and emailed (UTC); the default is 06:00 on the first day of each quarter."
  type        = string
  default     = "cron(0 6 1 1,4,7,10 ? *)"
}

variable "review_schedule_enabled" {
  description = "Whether the review schedule runs."
  type        = bool
  default     = true
}

variable "review_contact" {
  description = "Who receives the access review of an account not in review_contacts_by_account; null: the account's Organizations email address."
  type        = string
  default     = null
}

variable "review_contacts_by_account" {
  description = "Who receives each account's access review, by account id."
  type        = map(string)
  default     = {}
}

variable "max_concurrency" {
  description = "Accounts processed at once."
  type        = number
  default     = 40
}

variable "log_retention_days" {
  description = "Days logs are kept."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags for every resource (the provider's default_tags)."
  type        = map(string)
  default     = {}
}
