variable "name" {
  description = "The EventBridge rule's name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, ., _ or -."
  }
}

variable "role_name" {
  description = "The name of the role the rule starts the state machine with (IAM role names are unique per account, in every region); null for NAME-schedule (then keep NAME within 55 characters)."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 letters, digits and +=,.@_- (IAM's limit)."
  }
}

variable "description" {
  description = "What the schedule starts."
  type        = string
  default     = "credential-tracker daily run"
}

variable "schedule_expression" {
  description = "When the run starts, in UTC: a cron() or rate() expression. The default is every day at 00:15."
  type        = string
  default     = "cron(15 0 * * ? *)"

  validation {
    condition     = can(regex("^(cron\\([^)]+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", var.schedule_expression))
    error_message = "schedule_expression must be cron(...) or rate(N unit)."
  }
}

variable "enabled" {
  description = "Whether the schedule starts runs (false keeps everything deployed and starts nothing)."
  type        = bool
  default     = true
}

variable "state_machine_arn" {
  description = "The state machine the schedule starts."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:states:", var.state_machine_arn))
    error_message = "state_machine_arn must be a Step Functions state machine ARN."
  }
}

variable "input" {
  description = "The execution input (JSON)."
  type        = string
  default     = "{}"

  validation {
    condition     = can(jsondecode(var.input))
    error_message = "input must be JSON."
  }
}

variable "assume_role_policy" {
  description = "The rule role's trust policy (JSON), e.g. policies/trust-events.json.tpl rendered."
  type        = string

  validation {
    condition     = can(jsondecode(var.assume_role_policy).Statement)
    error_message = "assume_role_policy must be a JSON policy document."
  }
}

variable "policy" {
  description = "The rule role's permissions (JSON), e.g. policies/schedule.json.tpl rendered: states:StartExecution on the state machine."
  type        = string

  validation {
    condition     = can(jsondecode(var.policy).Statement)
    error_message = "policy must be a JSON policy document."
  }
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary for the rule's role, when the account requires one."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the rule and its role."
  type        = map(string)
  default     = {}
}
