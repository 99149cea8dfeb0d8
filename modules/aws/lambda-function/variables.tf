variable "name" {
  description = "The function's name; its role and log group (/aws/lambda/NAME) are named after it."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, _ or -."
  }
}

variable "description" {
  description = "What the function does."
  type        = string
  default     = ""
}

variable "zip_path" {
  description = "The deployment package (npm run build writes dist/FUNCTION.zip); its SHA-256 redeploys the function when it changes."
  type        = string

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must name a .zip file."
  }
}

variable "handler" {
  description = "The entry point inside the zip."
  type        = string
  default     = "index.handler"
}

variable "runtime" {
  description = "The Lambda runtime."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs[0-9]+\\.x$", var.runtime))
    error_message = "runtime must be a Node.js runtime (nodejs22.x)."
  }
}

variable "architecture" {
  description = "The instruction set: arm64 (cheaper per GB-second) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128 to 10240); CPU grows with it."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240."
  }
}

variable "timeout" {
  description = "Seconds an invocation may run (1 to 900)."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrent executions reserved for (and capping) the function; -1 for none."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "reserved_concurrent_executions must be -1 or more."
  }
}

variable "environment" {
  description = "Environment variables: the function's settings."
  type        = map(string)
  default     = {}
}

variable "assume_role_policy" {
  description = "The execution role's trust policy (JSON), e.g. policies/trust-lambda.json.tpl rendered."
  type        = string

  validation {
    condition     = can(jsondecode(var.assume_role_policy).Statement)
    error_message = "assume_role_policy must be a JSON policy document."
  }
}

variable "policy" {
  description = "The execution role's permissions (JSON): only the actions the function's code calls, on only its resources. Its logs and X-Ray traces are granted by the module (logs-and-tracing)."
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

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ...)."
  }
}

variable "kms_key_arn" {
  description = "The KMS key that encrypts the function's environment and its log group."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags for the function, its role and its log group."
  type        = map(string)
  default     = {}
}
