# One module call per function workspace (functions/*): its zip from npm run build, its policy from
# policies/, its settings. scripts/test/terraform-structure.test.ts checks that every workspace is here.

module "list_accounts" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-list-accounts"
  description        = "The accounts in scope: this one, or every ACTIVE account of the Organization, filtered"
  zip_path           = "${local.dist_dir}/list-accounts.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/list-accounts.json.tpl", {
    bucket_arn  = local.bucket_arn
    kms_key_arn = module.kms_key.arn
    partition   = local.partition
  })
  environment = {
    # The accounts Map's items: account-runs/date=.../run=.../accounts.json in the bucket.
    REPORT_BUCKET    = module.bucket.name
    ACCOUNT_SCOPE    = var.account_scope
    INCLUDE_ACCOUNTS = join(",", var.include_accounts)
    EXCLUDE_ACCOUNTS = join(",", var.exclude_accounts)
    INCLUDE_OUS      = join(",", var.include_ous)
    EXCLUDE_OUS      = join(",", var.exclude_ous)
  }
  tags = local.tags
}

module "generate_report" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-generate-report"
  description        = "Assumes the member role in one account and asks IAM for its credential report"
  zip_path           = "${local.dist_dir}/generate-report.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/generate-report.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.collector
    member_role_condition   = local.member_role_condition
  })
  environment = local.member_role_environment.collector
  tags        = local.tags
}

module "download_report" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-download-report"
  description        = "Downloads one account's credential report, validates it and stores it unchanged (SSE-KMS)"
  zip_path           = "${local.dist_dir}/download-report.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/download-report.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.collector
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = merge(local.member_role_environment.collector, {
    REPORT_BUCKET      = module.bucket.name
    REPORT_KMS_KEY_ARN = module.kms_key.arn
  })
  tags = local.tags
}

module "collect_inventory" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-collect-inventory"
  description        = "Reads one account's IAM users, groups, roles and customer managed policies and stores them as JSON lines (SSE-KMS)"
  zip_path           = "${local.dist_dir}/collect-inventory.zip"
  timeout            = 300
  memory_size        = 512
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/collect-inventory.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.collector
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = merge(local.member_role_environment.collector, {
    REPORT_BUCKET      = module.bucket.name
    REPORT_KMS_KEY_ARN = module.kms_key.arn
  })
  tags = local.tags
}

module "initialise_table" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-initialise-table"
  description        = "Creates the Athena tables over the bucket when missing (partition projection)"
  zip_path           = "${local.dist_dir}/initialise-table.zip"
  timeout            = 300
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/initialise-table.json.tpl", {
    partition     = local.partition
    region        = local.region
    account_id    = local.account_id
    workgroup_arn = local.workgroup_arn
    database_name = local.database_name
    bucket_arn    = local.bucket_arn
    kms_key_arn   = module.kms_key.arn
  })
  environment = {
    ATHENA_WORKGROUP = module.athena.workgroup_name
    GLUE_DATABASE    = module.athena.database_name
    REPORT_BUCKET    = module.bucket.name
  }
  tags = local.tags
}

module "generate_findings" {
  source   = "../../aws/lambda-function"
  for_each = local.findings

  name               = "${var.name}-finding-${each.key}"
  description        = "Runs the ${each.key} named query for a run and waits for its result"
  zip_path           = "${local.dist_dir}/generate-findings.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/generate-findings.json.tpl", {
    partition     = local.partition
    region        = local.region
    account_id    = local.account_id
    workgroup_arn = local.workgroup_arn
    database_name = local.database_name
    bucket_arn    = local.bucket_arn
    kms_key_arn   = module.kms_key.arn
  })
  environment = merge(local.threshold_environment, {
    FINDING_ID       = each.key
    NAMED_QUERY_ID   = module.athena.named_query_ids[each.key]
    ATHENA_WORKGROUP = module.athena.workgroup_name
    GLUE_DATABASE    = module.athena.database_name
  })
  tags = local.tags
}

module "retrieve_users_to_remediate" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-retrieve-users-to-remediate"
  description        = "Pages a finding's query results, validates them and writes the targets to S3"
  zip_path           = "${local.dist_dir}/retrieve-users-to-remediate.zip"
  timeout            = 300
  memory_size        = 512
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/retrieve-users-to-remediate.json.tpl", {
    workgroup_arn = local.workgroup_arn
    bucket_arn    = local.bucket_arn
    kms_key_arn   = module.kms_key.arn
  })
  environment = {
    REPORT_BUCKET = module.bucket.name
  }
  tags = local.tags
}

module "summarise_run" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-summarise-run"
  description        = "Counts the run's findings per account, emails each owner one digest of the run's notices, writes the summary to S3 and publishes it to SNS"
  zip_path           = "${local.dist_dir}/summarise-run.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/summarise-run.json.tpl", {
    partition   = local.partition
    region      = local.region
    account_id  = local.account_id
    bucket_arn  = local.bucket_arn
    topic_arn   = module.topic.arn
    kms_key_arn = module.kms_key.arn
    notify_from = local.notify_from
  })
  # NOTIFY_FROM unset: no owner digest is sent, the run summary says so (the SES statement allows nothing).
  environment = merge(
    { REPORT_BUCKET = module.bucket.name, SUMMARY_TOPIC_ARN = module.topic.arn },
    var.notify_from == null ? {} : { NOTIFY_FROM = var.notify_from },
  )
  tags = local.tags
}

# One function per remediation (functions/remediate-findings-ID): the catalog findings whose
# finding.json names that remediation hand it their targets (state-machine.tf). Each writes only its
# own action log and notices file and reads only its own finding's targets; in the member accounts it acts through the
# remediation role, whose permissions are the union of theirs (policies/member-role-remediation.json.tpl), and
# may assume no other (not the collector).
locals {
  # The SES condition's sender; "" when unset, which no SendEmail call can match.
  notify_from = var.notify_from == null ? "" : var.notify_from

  # The remediation functions send no email: they queue their owners' notices under notices/ and
  # summarise-run sends one digest per owner per run.
  remediation_function_environment = merge(
    local.member_role_environment.remediation,
    local.remediation_environment,
    { REPORT_BUCKET = module.bucket.name, SUMMARY_TOPIC_ARN = module.topic.arn },
  )
}

module "remediate_ak_rotation" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-remediate-findings-ak-rotation"
  description        = "Rotates access keys older than rotation_days: new key in Secrets Manager, then deactivates and deletes the old one"
  zip_path           = "${local.dist_dir}/remediate-findings-ak-rotation.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/remediate-findings-ak-rotation.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.remediation
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    topic_arn               = module.topic.arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = merge(local.remediation_function_environment, {
    SECRET_KMS_KEY_ID = var.secret_kms_key_id
  })
  tags = local.tags
}

module "remediate_ak_usage" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-remediate-findings-ak-usage"
  description        = "Warns about, deactivates and deletes access keys unused for longer than unused_days"
  zip_path           = "${local.dist_dir}/remediate-findings-ak-usage.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/remediate-findings-ak-usage.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.remediation
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    topic_arn               = module.topic.arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = local.remediation_function_environment
  tags        = local.tags
}

module "remediate_cert_rotation" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-remediate-findings-cert-rotation"
  description        = "Warns about and deactivates signing certificates older than cert_rotation_days"
  zip_path           = "${local.dist_dir}/remediate-findings-cert-rotation.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/remediate-findings-cert-rotation.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.remediation
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    topic_arn               = module.topic.arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = local.remediation_function_environment
  tags        = local.tags
}

module "remediate_cred_usage" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-remediate-findings-cred-usage"
  description        = "Warns about and deletes console passwords unused for longer than unused_days"
  zip_path           = "${local.dist_dir}/remediate-findings-cred-usage.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/remediate-findings-cred-usage.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.remediation
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    topic_arn               = module.topic.arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = local.remediation_function_environment
  tags        = local.tags
}

module "remediate_review_revoke" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-remediate-findings-review-revoke"
  description        = "Removes the console password and deactivates the access keys of users their owner tagged credential-tracker:review = revoke"
  zip_path           = "${local.dist_dir}/remediate-findings-review-revoke.zip"
  timeout            = 900
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/remediate-findings-review-revoke.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.remediation
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    topic_arn               = module.topic.arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = local.remediation_function_environment
  tags        = local.tags
}
