# The daily run: packages/state-machine/definition.asl.json.tpl rendered with the same variables as
# packages/state-machine/src/render.ts (DEFINITION_VARIABLES), and its schedule.

locals {
  generate_findings_arns = [for id, fn in module.generate_findings : fn.arn]

  # The function of each remediation a finding.json can name (its "remediation"); a catalog finding
  # naming another fails the plan here, at the lookup below.
  remediation_arns = {
    ak-rotation   = module.remediate_ak_rotation.arn
    ak-usage      = module.remediate_ak_usage.arn
    cert-rotation = module.remediate_cert_rotation.arn
    cred-usage    = module.remediate_cred_usage.arn
    review-revoke = module.remediate_review_revoke.arn
  }

  definition = templatefile(local.state_machine_template, {
    list_accounts_arn     = module.list_accounts.arn
    generate_report_arn   = module.generate_report.arn
    download_report_arn   = module.download_report.arn
    collect_inventory_arn = module.collect_inventory.arn
    initialise_table_arn  = module.initialise_table.arn
    summarise_run_arn     = module.summarise_run.arn
    max_concurrency       = var.max_concurrency
    report_wait_seconds   = var.report_wait_seconds
    report_max_cycles     = var.report_max_cycles
    findings = jsonencode([for id, finding in local.findings : {
      finding               = id
      generate_findings_arn = module.generate_findings[id].arn
      retrieve_users_arn    = module.retrieve_users_to_remediate.arn
      # null: the finding is reported only (HasRemediation skips RemediateFindings).
      remediation_arn = finding.remediation == null ? null : local.remediation_arns[finding.remediation]
    }])
    security_hub_export = local.security_hub_export
  })
}

module "state_machine" {
  source = "../../aws/state-machine"

  name               = var.name
  definition         = local.definition
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  assume_role_policy = templatefile("${local.policies_dir}/trust-states.json.tpl", {
    account_id        = local.account_id
    state_machine_arn = local.state_machine_arn
  })
  policy = templatefile("${local.policies_dir}/state-machine.json.tpl", {
    function_arns = jsonencode(concat([
      module.list_accounts.arn,
      module.generate_report.arn,
      module.download_report.arn,
      module.collect_inventory.arn,
      module.initialise_table.arn,
      module.retrieve_users_to_remediate.arn,
      module.summarise_run.arn,
    ], local.generate_findings_arns, values(local.remediation_arns), module.export_findings[*].arn))
    state_machine_arn     = local.state_machine_arn
    bucket_arn            = local.bucket_arn
    kms_key_arn           = module.kms_key.arn
    execution_arn_pattern = "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${var.name}/*:*"
  })
  tags = local.tags
}

module "schedule" {
  source = "../../aws/schedule"

  name = var.name
  # Not var.name: the state machine's execution role has that name (IAM role names are per account).
  role_name           = "${var.name}-schedule"
  schedule_expression = var.schedule_expression
  enabled             = var.schedule_enabled
  state_machine_arn   = module.state_machine.arn
  assume_role_policy = templatefile("${local.policies_dir}/trust-events.json.tpl", {
    account_id = local.account_id
    rule_arn   = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name}"
  })
  policy = templatefile("${local.policies_dir}/schedule.json.tpl", {
    state_machine_arn = module.state_machine.arn
  })
  tags = local.tags
}
