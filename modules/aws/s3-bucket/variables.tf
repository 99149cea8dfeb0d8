variable "name" {
  description = "The bucket's name, globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "The KMS key every object is encrypted with (SSE-KMS, bucket key on); uploads under any other key are refused."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:...)."
  }
}

variable "expiration_rules" {
  description = "Objects under each prefix expire this many days after they were written, e.g. Athena results after 7 days."
  type = list(object({
    prefix = string
    days   = number
  }))
  default = []

  validation {
    condition     = alltrue([for rule in var.expiration_rules : rule.days >= 1 && endswith(rule.prefix, "/")])
    error_message = "each expiration rule needs days >= 1 and a prefix ending in /."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted object version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete a bucket that still holds objects (for throw-away environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the bucket."
  type        = map(string)
  default     = {}
}
