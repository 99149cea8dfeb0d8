output "rule_arn" {
  description = "The EventBridge rule's ARN."
  value       = aws_cloudwatch_event_rule.this.arn
}

output "rule_name" {
  description = "The EventBridge rule's name."
  value       = aws_cloudwatch_event_rule.this.name
}
