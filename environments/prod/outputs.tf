output "state_machine_arn" {
  description = "Start a run now: aws stepfunctions start-execution --state-machine-arn ARN."
  value       = module.credential_tracker.state_machine_arn
}

output "bucket_name" {
  description = "Reports, targets, summaries and Athena results."
  value       = module.credential_tracker.bucket_name
}

output "athena_workgroup" {
  description = "The workgroup to query the findings in."
  value       = module.credential_tracker.athena_workgroup
}

output "glue_database" {
  description = "The database of the credential_report, targets and actions tables."
  value       = module.credential_tracker.glue_database
}

output "topic_arn" {
  description = "Run summaries and failures."
  value       = module.credential_tracker.topic_arn
}

output "tracker_role_arns" {
  description = "The roles each member role trusts (collector, remediation): pass to modules/layers/member-account in each account the StackSet does not reach."
  value       = module.credential_tracker.tracker_role_arns
}

output "member_role_names" {
  description = "The two member roles' names (collector, remediation)."
  value       = module.credential_tracker.member_role_names
}

output "ses_dkim_tokens" {
  description = "With ses_domain: publish TOKEN._domainkey.DOMAIN CNAME TOKEN.dkim.amazonses.com for each."
  value       = module.credential_tracker.ses_dkim_tokens
}
