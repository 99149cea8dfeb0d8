output "collector_role_arn" {
  description = "The read-only collector role's ARN in this account."
  value       = module.collector_role.arn
}

output "collector_role_name" {
  description = "The collector role's name (MEMBER_ROLE_NAME of generate-report, download-report, collect-inventory and export-findings)."
  value       = module.collector_role.name
}

output "remediation_role_arn" {
  description = "The remediation role's ARN in this account."
  value       = module.remediation_role.arn
}

output "remediation_role_name" {
  description = "The remediation role's name (MEMBER_ROLE_NAME of the remediate-findings-* functions)."
  value       = module.remediation_role.name
}
