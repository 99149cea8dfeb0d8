resource "aws_cloudwatch_event_rule" "this" {
  name                = var.name
  description         = var.description
  schedule_expression = var.schedule_expression
  state               = var.enabled ? "ENABLED" : "DISABLED"
  tags                = merge({ Name = var.name }, var.tags)
}

resource "aws_cloudwatch_event_target" "this" {
  rule  = aws_cloudwatch_event_rule.this.name
  arn   = var.function_arn
  input = var.input
}

# EventBridge invokes a Lambda function through the function's resource policy (no role): only this
# rule of this account may.
resource "aws_lambda_permission" "this" {
  statement_id   = "invoked-by-${var.name}"
  action         = "lambda:InvokeFunction"
  function_name  = var.function_arn
  principal      = "events.amazonaws.com"
  source_arn     = aws_cloudwatch_event_rule.this.arn
  source_account = split(":", aws_cloudwatch_event_rule.this.arn)[4]
}

# The schedule invokes asynchronously. A retry would run the whole invocation again (for
# generate-review: every review written and emailed again), so by default there is none; a failure
# goes to the destination, when one is given.
resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = var.function_arn
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  dynamic "destination_config" {
    for_each = var.on_failure_destination_arn == null ? [] : [var.on_failure_destination_arn]

    content {
      on_failure {
        destination = destination_config.value
      }
    }
  }
}
