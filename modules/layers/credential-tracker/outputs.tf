output "state_machine_arn" {
  description = "The daily run's state machine: aws stepfunctions start-execution --state-machine-arn ARN starts a run now."
  value       = module.state_machine.arn
}

output "bucket_name" {
  description = "The bucket of reports, targets, summaries and Athena results."
  value       = module.bucket.name
}

output "kms_key_arn" {
  description = "The key that encrypts the bucket, the logs and the topic."
  value       = module.kms_key.arn
}

output "athena_workgroup" {
  description = "The Athena workgroup to query the findings in."
  value       = module.athena.workgroup_name
}

output "glue_database" {
  description = "The Glue database of the credential_report, targets and actions tables."
  value       = module.athena.database_name
}

output "named_query_ids" {
  description = "The named query id of each finding."
  value       = { for id in keys(local.findings) : id => module.athena.named_query_ids[id] }
}

output "change_query_ids" {
  description = "The named query id of each change query (packages/findings/changes), by its id."
  value       = { for id in keys(local.change_queries) : id => module.athena.named_query_ids[id] }
}

output "topic_arn" {
  description = "The SNS topic of run summaries and failures."
  value       = module.topic.arn
}

output "tracker_role_arns" {
  description = "The roles each member role must trust, and no other: collector (generate-report, download-report, collect-inventory, and export-findings with security_hub_export) and remediation (the five remediate-findings-* functions). Pass it to modules/layers/member-account."
  value       = local.tracker_role_arns
}

output "member_role_names" {
  description = "The two member roles' names (collector, remediation): the MEMBER_ROLE_NAME of the functions that assume each."
  value       = local.member_role_names
}

output "function_names" {
  description = "Every function's name, by function (generate-findings by finding; export-findings with security_hub_export)."
  value = merge({
    list-accounts                    = module.list_accounts.name
    generate-report                  = module.generate_report.name
    download-report                  = module.download_report.name
    collect-inventory                = module.collect_inventory.name
    initialise-table                 = module.initialise_table.name
    retrieve-users-to-remediate      = module.retrieve_users_to_remediate.name
    summarise-run                    = module.summarise_run.name
    generate-review                  = module.generate_review.name
    remediate-findings-ak-rotation   = module.remediate_ak_rotation.name
    remediate-findings-ak-usage      = module.remediate_ak_usage.name
    remediate-findings-cert-rotation = module.remediate_cert_rotation.name
    remediate-findings-cred-usage    = module.remediate_cred_usage.name
    remediate-findings-review-revoke = module.remediate_review_revoke.name
  }, { for id, fn in module.generate_findings : "generate-findings/${id}" => fn.name }, { for fn in module.export_findings : "export-findings" => fn.name })
}

output "remediation_environment" {
  description = "The CT_* settings the remediation functions are deployed with (enforce, blast radius, exemptions)."
  value       = local.remediation_environment
}

output "ses_dkim_tokens" {
  description = "The DKIM tokens to publish for ses_domain (empty without one)."
  value       = flatten(module.ses_identity[*].dkim_tokens)
}
