resource "aws_cloudwatch_event_rule" "this" {
  name                = var.name
  description         = var.description
  schedule_expression = var.schedule_expression
  state               = var.enabled ? "ENABLED" : "DISABLED"
  tags                = merge({ Name = var.name }, var.tags)
}

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "Lets the ${var.name} rule start its state machine"
  assume_role_policy   = var.assume_role_policy
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge({ Name = var.name }, var.tags)
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
