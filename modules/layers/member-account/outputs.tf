output "role_arn" {
  description = "The member role's ARN in this account."
  value       = module.member_role.arn
}

output "role_name" {
  description = "The member role's name."
  value       = module.member_role.name
}
