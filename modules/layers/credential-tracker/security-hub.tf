# Optional, off by default (security_hub_export): the run's findings to AWS Security Hub, imported in
# each account under its default product by functions/export-findings, between the findings and the
# remediations (packages/state-machine); the findings that cleared are archived. Off, there is no
# function, the state machine skips the export and the collector role has no Security Hub permission.

locals {
  # The SecurityHubExport state's setting (SecurityHubExportSetting in packages/state-machine).
  security_hub_export = var.security_hub_export ? jsonencode({
    status       = "on"
    function_arn = module.export_findings[0].arn
  }) : jsonencode({ status = "off" })
}

module "export_findings" {
  source = "../../aws/lambda-function"
  count  = var.security_hub_export ? 1 : 0

  name               = "${var.name}-export-findings"
  description        = "Imports the run's findings into Security Hub in each account (ASFF) and archives those that cleared"
  zip_path           = "${local.dist_dir}/export-findings.zip"
  timeout            = 900
  memory_size        = 512
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = local.lambda_trust
  policy = templatefile("${local.policies_dir}/export-findings.json.tpl", {
    member_role_arn_pattern = local.member_role_arn_patterns.collector
    member_role_condition   = local.member_role_condition
    bucket_arn              = local.bucket_arn
    kms_key_arn             = module.kms_key.arn
  })
  environment = merge(local.member_role_environment.collector, {
    REPORT_BUCKET = module.bucket.name
  })
  tags = local.tags
}
