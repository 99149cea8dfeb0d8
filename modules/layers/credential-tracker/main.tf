data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # The repository's files beside modules/, unless the caller points elsewhere (vendored modules).
  repository             = "${path.module}/../../.."
  dist_dir               = coalesce(var.dist_dir, "${local.repository}/dist")
  policies_dir           = coalesce(var.policies_dir, "${local.repository}/policies")
  catalog_dir            = coalesce(var.catalog_dir, "${local.repository}/packages/findings/catalog")
  changes_dir            = coalesce(var.changes_dir, "${local.repository}/packages/findings/changes")
  state_machine_template = coalesce(var.state_machine_template, "${local.repository}/packages/state-machine/definition.asl.json.tpl")

  bucket_name       = coalesce(var.bucket_name, "${var.name}-${local.account_id}-${local.region}")
  bucket_arn        = "arn:${local.partition}:s3:::${local.bucket_name}"
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${var.name}"
  workgroup_arn     = "arn:${local.partition}:athena:${local.region}:${local.account_id}:workgroup/${var.name}"
  database_name     = replace(var.name, "-", "_")

  # The finding catalog: one generate-findings function and one named query per folder.
  findings = {
    for path in fileset(local.catalog_dir, "*/finding.json") :
    dirname(path) => merge(jsondecode(file("${local.catalog_dir}/${path}")), {
      query = file("${local.catalog_dir}/${dirname(path)}/query.sql")
    })
  }

  # The change queries over the inventory tables: one named query per folder, run by hand or by a reader.
  change_queries = {
    for path in fileset(local.changes_dir, "*/change.json") :
    dirname(path) => merge(jsondecode(file("${local.changes_dir}/${path}")), {
      query = file("${local.changes_dir}/${dirname(path)}/query.sql")
    })
  }

  lambda_trust = templatefile("${local.policies_dir}/trust-lambda.json.tpl", {
    account_id = local.account_id
  })

  # The two member roles (member-roles.tf): each function may assume only its own, in any account in
  # scope (list-accounts decides which); MEMBER_ROLE_NAME tells each its role.
  member_role_names = {
    collector   = "${var.member_role_name}-collector"
    remediation = "${var.member_role_name}-remediation"
  }
  member_role_arn_patterns = {
    for kind, name in local.member_role_names : kind => "arn:${local.partition}:iam::*:role/${name}"
  }

  # Where the functions may assume their member role: in accounts of the Organization (aws:ResourceOrgID,
  # the Organization of the account that owns the role, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid),
  # and with account_scope = "single" in this account only (aws:ResourceAccount). organization_id is
  # required with account_scope = "organization" (variables.tf), so the condition is never empty.
  member_role_condition = jsonencode({
    StringEquals = merge(
      var.organization_id == null ? {} : { "aws:ResourceOrgID" = var.organization_id },
      var.account_scope == "single" ? { "aws:ResourceAccount" = local.account_id } : {},
    )
  })

  member_role_environment = {
    for kind, name in local.member_role_names : kind => merge(
      { MEMBER_ROLE_NAME = name },
      var.member_role_external_id == null ? {} : { MEMBER_ROLE_EXTERNAL_ID = var.member_role_external_id },
      # The collectors call every account at MaxConcurrency: IAM and STS throttle by account and
      # publish no rate, so the SDK retries (standard mode, backoff) up to ten times, not three.
      kind == "collector" ? { AWS_MAX_ATTEMPTS = "10" } : {},
    )
  }

  # The thresholds every finding query binds (CT_* variables, packages/core/src/config.ts).
  threshold_environment = {
    CT_ROTATION_DAYS      = tostring(var.rotation_days)
    CT_UNUSED_DAYS        = tostring(var.unused_days)
    CT_CERT_ROTATION_DAYS = tostring(var.cert_rotation_days)
    CT_ROOT_USAGE_DAYS    = tostring(var.root_usage_days)
  }

  # The configuration the remediation functions read (functions.tf adds their other settings).
  remediation_environment = merge(local.threshold_environment, {
    CT_GRACE_DAYS                   = tostring(var.grace_days)
    CT_DELETE_AFTER_DAYS            = tostring(var.delete_after_days)
    CT_MAX_IN_USE_HOLD_DAYS         = tostring(var.max_in_use_hold_days)
    CT_NEVER_DEACTIVATE_IN_USE_KEYS = tostring(var.never_deactivate_in_use_keys)
    CT_ENFORCE                      = tostring(var.enforce)
    CT_INCLUDE_USERS                = join(",", var.include_users)
    CT_EXCLUDE_USERS                = join(",", var.exclude_users)
    CT_EXEMPT_GROUPS                = join(",", var.exempt_groups)
    CT_MAX_ACTIONS_PER_RUN          = tostring(var.max_actions_per_run)
    CT_MAX_ACTIONS_PER_ACCOUNT      = tostring(var.max_actions_per_account)
    CT_ADMIN_PRINCIPALS             = join(",", var.admin_principals)
    CT_FALLBACK_EMAIL               = var.fallback_email == null ? "" : var.fallback_email
    CT_FALLBACK_EMAIL_BY_ACCOUNT    = join(",", [for account, address in var.fallback_email_by_account : "${account}=${address}"])
  })

  tags = merge({ Application = "credential-tracker" }, var.tags)
}

module "kms_key" {
  source = "../../aws/kms-key"

  name = var.name
  service_principals = [
    "logs.${local.region}.amazonaws.com",
    "sns.amazonaws.com",
  ]
  tags = local.tags
}

module "bucket" {
  source = "../../aws/s3-bucket"

  name        = local.bucket_name
  kms_key_arn = module.kms_key.arn
  expiration_rules = [
    { prefix = "athena-results/", days = var.athena_results_expiration_days },
    { prefix = "credential-reports/", days = var.report_expiration_days },
    { prefix = "targets/", days = var.report_expiration_days },
    # The accounts Map's items and results (packages/core/src/aws/map-results.ts).
    { prefix = "account-runs/", days = var.report_expiration_days },
  ]
  tags = local.tags
}

module "athena" {
  source = "../../aws/athena"

  name           = var.name
  database_name  = local.database_name
  results_bucket = module.bucket.name
  kms_key_arn    = module.kms_key.arn
  named_queries = merge(
    {
      for id, finding in local.findings : id => {
        description = "${finding.severity}: ${finding.title}"
        query       = finding.query
      }
    },
    {
      for id, change in local.change_queries : id => {
        description = "change: ${change.title}"
        query       = change.query
      }
    },
  )
  tags = local.tags
}

module "topic" {
  source = "../../aws/sns-topic"

  name                = var.name
  kms_key_arn         = module.kms_key.arn
  email_subscriptions = var.notification_emails
  tags                = local.tags
}

module "ses_identity" {
  source = "../../aws/ses-identity"
  count  = var.ses_domain == null && length(var.ses_email_addresses) == 0 ? 0 : 1

  domain          = var.ses_domain
  email_addresses = var.ses_email_addresses
}
