variable "name" {
  description = "The topic's name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 letters, digits, _ or -."
  }
}

variable "kms_key_arn" {
  description = "The KMS key messages are encrypted with at rest; its policy must let sns.amazonaws.com use it."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "email_subscriptions" {
  description = "Addresses subscribed to the topic (each confirms by email)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.email_subscriptions : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "email_subscriptions must be email addresses."
  }
}

variable "tags" {
  description = "Tags for the topic."
  type        = map(string)
  default     = {}
}
