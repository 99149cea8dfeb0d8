locals {
  # Not the rule's own name: the state machine's execution role is usually named like the rule.
  role_name = coalesce(var.role_name, "${var.name}-schedule")
}

resource "aws_cloudwatch_event_rule" "this" {
  name                = var.name
  description         = var.description
  schedule_expression = var.schedule_expression
  state               = var.enabled ? "ENABLED" : "DISABLED"
  tags                = merge({ Name = var.name }, var.tags)
}

resource "aws_iam_role" "this" {
  name                 = local.role_name
  description          = "Lets the ${var.name} rule start its state machine"
  assume_role_policy   = var.assume_role_policy
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge({ Name = local.role_name }, var.tags)
}

resource "aws_iam_role_policy" "this" {
  name   = "start-execution"
  role   = aws_iam_role.this.id
  policy = var.policy
}

resource "aws_cloudwatch_event_target" "this" {
  rule     = aws_cloudwatch_event_rule.this.name
  arn      = var.state_machine_arn
  role_arn = aws_iam_role.this.arn
  input    = var.input
}
