variable "name" {
  description = "The EventBridge rule's name; the function's permission statement is named after it."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, ., _ or -."
  }
}

variable "description" {
  description = "What the schedule invokes."
  type        = string
  default     = "credential-tracker scheduled invocation"
}

variable "schedule_expression" {
  description = "When the function is invoked, in UTC: a cron() or rate() expression, e.g. cron(0 6 1 1,4,7,10 ? *) for 06:00 on the first day of each quarter."
  type        = string

  validation {
    condition     = can(regex("^(cron\\([^)]+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", var.schedule_expression))
    error_message = "schedule_expression must be cron(...) or rate(N unit)."
  }
}

variable "enabled" {
  description = "Whether the schedule invokes the function (false keeps everything deployed and invokes nothing)."
  type        = bool
  default     = true
}

variable "function_arn" {
  description = "The Lambda function the schedule invokes, asynchronously (see maximum_retry_attempts)."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:lambda:[^:]+:[0-9]{12}:function:[a-zA-Z0-9_-]+$", var.function_arn))
    error_message = "function_arn must be a Lambda function ARN (no version or alias)."
  }
}

variable "input" {
  description = "The event the function receives (JSON), instead of EventBridge's scheduled event."
  type        = string
  default     = "{}"

  validation {
    condition     = can(jsondecode(var.input))
    error_message = "input must be JSON."
  }
}

variable "maximum_retry_attempts" {
  description = "Times Lambda retries a failed invocation of the schedule (0 to 2). A retry runs the whole invocation again."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1, 2], var.maximum_retry_attempts)
    error_message = "maximum_retry_attempts must be 0, 1 or 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "How long Lambda keeps an invocation it could not start yet (throttled) before giving it up, 60 to 21600 seconds."
  type        = number
  default     = 21600

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be from 60 to 21600."
  }
}

variable "on_failure_destination_arn" {
  description = "Where Lambda sends a failed invocation's record (an SNS topic, SQS queue, Lambda function or EventBridge bus ARN); the function's role must be allowed to send there. null: nowhere."
  type        = string
  default     = null

  validation {
    condition     = var.on_failure_destination_arn == null || can(regex("^arn:[^:]+:(sns|sqs|lambda|events):", var.on_failure_destination_arn))
    error_message = "on_failure_destination_arn must be an SNS topic, SQS queue, Lambda function or EventBridge bus ARN."
  }
}

variable "tags" {
  description = "Tags for the rule."
  type        = map(string)
  default     = {}
}
