resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "Execution role of the ${var.name} state machine"
  assume_role_policy   = var.assume_role_policy
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge({ Name = var.name }, var.tags)
}

resource "aws_iam_role_policy" "this" {
  name   = "execution"
  role   = aws_iam_role.this.id
  policy = var.policy
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = merge({ Name = var.name }, var.tags)
}

resource "aws_sfn_state_machine" "this" {
  #checkov:skip=CKV_AWS_285:execution data (inputs and outputs) is deliberately not logged: it names accounts and users; the execution history in Step Functions keeps it for 90 days
  name       = var.name
  type       = "STANDARD"
  role_arn   = aws_iam_role.this.arn
  definition = var.definition
  tags       = merge({ Name = var.name }, var.tags)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = false
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  depends_on = [aws_iam_role_policy.this]
}
