output "arn" {
  description = "The role's ARN."
  value       = aws_iam_role.this.arn
}

output "name" {
  description = "The role's name."
  value       = aws_iam_role.this.name
}

output "assume_role_policy" {
  description = "The rendered trust policy (JSON)."
  value       = local.assume_role_policy
}

output "policy" {
  description = "The rendered permissions (JSON)."
  value       = local.policy
}
