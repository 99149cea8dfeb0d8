variable "name" {
  description = "The state machine's name; its role and log group are named after it."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, _ or -."
  }
}

variable "definition" {
  description = "The Amazon States Language definition (JSON), e.g. packages/state-machine/definition.asl.json.tpl rendered with templatefile()."
  type        = string

  validation {
    condition     = can(jsondecode(var.definition).StartAt)
    error_message = "definition must be a JSON state machine definition with StartAt."
  }
}

variable "assume_role_policy" {
  description = "The execution role's trust policy (JSON), e.g. policies/trust-states.json.tpl rendered."
  type        = string

  validation {
    condition     = can(jsondecode(var.assume_role_policy).Statement)
    error_message = "assume_role_policy must be a JSON policy document."
  }
}

variable "policy" {
  description = "The execution role's permissions (JSON): invoke its functions, run its Distributed Map, deliver logs and traces."
  type        = string

  validation {
    condition     = can(jsondecode(var.policy).Statement)
    error_message = "policy must be a JSON policy document."
  }
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary for the execution role, when the account requires one."
  type        = string
  default     = null
}

variable "log_level" {
  description = "Which events are logged: ALL, ERROR, FATAL or OFF. Execution data (inputs and outputs) is never logged."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.log_level)
    error_message = "log_level must be ALL, ERROR, FATAL or OFF."
  }
}

variable "log_retention_days" {
  description = "Days the execution logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ...)."
  }
}

variable "kms_key_arn" {
  description = "The KMS key that encrypts the log group."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags for the state machine, its role and its log group."
  type        = map(string)
  default     = {}
}
