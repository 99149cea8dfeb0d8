provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

module "credential_tracker" {
  source = "../../modules/layers/credential-tracker"

  name                         = var.name
  account_scope                = var.account_scope
  include_accounts             = var.include_accounts
  exclude_accounts             = var.exclude_accounts
  include_ous                  = var.include_ous
  exclude_ous                  = var.exclude_ous
  organization_id              = var.organization_id
  member_role_name             = var.member_role_name
  member_role_external_id      = var.member_role_external_id
  member_role_stackset         = var.member_role_stackset
  rotation_days                = var.rotation_days
  unused_days                  = var.unused_days
  cert_rotation_days           = var.cert_rotation_days
  root_usage_days              = var.root_usage_days
  grace_days                   = var.grace_days
  delete_after_days            = var.delete_after_days
  max_in_use_hold_days         = var.max_in_use_hold_days
  never_deactivate_in_use_keys = var.never_deactivate_in_use_keys
  enforce                      = var.enforce
  max_actions_per_run          = var.max_actions_per_run
  max_actions_per_account      = var.max_actions_per_account
  exclude_users                = var.exclude_users
  exempt_groups                = var.exempt_groups
  admin_principals             = var.admin_principals
  fallback_email               = var.fallback_email
  notify_from                  = var.notify_from
  ses_domain                   = var.ses_domain
  ses_email_addresses          = var.ses_email_addresses
  secret_kms_key_id            = var.secret_kms_key_id
  notification_emails          = var.notification_emails
  security_hub_export          = var.security_hub_export
  schedule_expression          = var.schedule_expression
  schedule_enabled             = var.schedule_enabled
  max_concurrency              = var.max_concurrency
  log_retention_days           = var.log_retention_days

  # The access review of every account, on its own schedule (emailed from notify_from).
  review_schedule_expression = var.review_schedule_expression
  review_schedule_enabled    = var.review_schedule_enabled
  review_contact             = var.review_contact
  review_contacts_by_account = var.review_contacts_by_account
}
