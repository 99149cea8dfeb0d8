# One module call per function workspace (functions/*): its zip from npm run build, its policy from
# policies/, its settings. scripts/test/terraform-structure.test.ts checks that every workspace is here.

locals {
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda"
}

module "list_accounts" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-list-accounts"
  description        = "The accounts in scope: this one, or every ACTIVE account of the Organization, filtered"
  zip_path           = "${local.dist_dir}/list-accounts.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/list-accounts.json.tpl", {
    partition     = local.partition
    log_group_arn = "${local.log_group_arn}/${var.name}-list-accounts"
  })
  environment = {
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
    member_role_arn_pattern = local.member_role_arn_pattern
    log_group_arn           = "${local.log_group_arn}/${var.name}-generate-report"
  })
  environment = local.member_role_environment
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
    member_role_arn_pattern = local.member_role_arn_pattern
    bucket_arn              = local.bucket_arn
    kms_key_arn             = module.kms_key.arn
    log_group_arn           = "${local.log_group_arn}/${var.name}-download-report"
  })
  environment = merge(local.member_role_environment, {
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
    log_group_arn = "${local.log_group_arn}/${var.name}-initialise-table"
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
    log_group_arn = "${local.log_group_arn}/${var.name}-finding-${each.key}"
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
    log_group_arn = "${local.log_group_arn}/${var.name}-retrieve-users-to-remediate"
  })
  environment = {
    REPORT_BUCKET = module.bucket.name
  }
  tags = local.tags
}

module "summarise_run" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-summarise-run"
  description        = "Counts the run's findings per account, writes the summary to S3 and publishes it to SNS"
  zip_path           = "${local.dist_dir}/summarise-run.zip"
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/summarise-run.json.tpl", {
    bucket_arn    = local.bucket_arn
    topic_arn     = module.topic.arn
    kms_key_arn   = module.kms_key.arn
    log_group_arn = "${local.log_group_arn}/${var.name}-summarise-run"
  })
  environment = {
    REPORT_BUCKET     = module.bucket.name
    SUMMARY_TOPIC_ARN = module.topic.arn
  }
  tags = local.tags
}
