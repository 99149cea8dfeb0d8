# The access review (functions/generate-review), on its own schedule: every account with an inventory
# gets its review as CSV and HTML under reviews/ in the bucket, emailed to its owner from notify_from.

locals {
  review_environment = merge(
    {
      REPORT_BUCKET              = module.bucket.name
      REPORT_KMS_KEY_ARN         = module.kms_key.arn
      ACCOUNT_SCOPE              = var.account_scope
      REVIEW_CONTACTS_BY_ACCOUNT = join(",", [for account, address in var.review_contacts_by_account : "${account}=${address}"])
    },
    # Unset: the reviews are written and nobody is emailed (the result says so).
    var.notify_from == null ? {} : { NOTIFY_FROM = var.notify_from },
    var.review_contact == null ? {} : { REVIEW_CONTACT = var.review_contact },
  )
}

module "generate_review" {
  source = "../../aws/lambda-function"

  name               = "${var.name}-generate-review"
  description        = "Writes each account's access review (CSV and HTML) under reviews/ and emails it to the account's owner"
  zip_path           = "${local.dist_dir}/generate-review.zip"
  timeout            = 900
  memory_size        = 1024
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/generate-review.json.tpl", {
    partition   = local.partition
    region      = local.region
    account_id  = local.account_id
    bucket_arn  = local.bucket_arn
    kms_key_arn = module.kms_key.arn
    topic_arn   = module.topic.arn
    notify_from = local.notify_from
  })
  environment = local.review_environment
  tags        = local.tags
}

module "review_schedule" {
  source = "../../aws/lambda-schedule"

  name                = "${var.name}-access-review"
  description         = "credential-tracker access review of every account"
  schedule_expression = var.review_schedule_expression
  enabled             = var.review_schedule_enabled
  function_arn        = module.generate_review.arn
  # A failed review run (some account failed) goes to the run summaries' topic, without a retry: a
  # retry would email every owner again.
  on_failure_destination_arn = module.topic.arn
  tags                       = local.tags
}
