output "arn" {
  description = "The state machine's ARN."
  value       = aws_sfn_state_machine.this.arn
}

output "name" {
  description = "The state machine's name."
  value       = aws_sfn_state_machine.this.name
}

output "role_arn" {
  description = "The execution role's ARN."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "The execution log group."
  value       = aws_cloudwatch_log_group.this.name
}
