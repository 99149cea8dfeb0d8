output "arn" {
  description = "The function's ARN."
  value       = aws_lambda_function.this.arn
}

output "name" {
  description = "The function's name."
  value       = aws_lambda_function.this.function_name
}

output "role_arn" {
  description = "The execution role's ARN."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "The execution role's name."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.this.name
}
