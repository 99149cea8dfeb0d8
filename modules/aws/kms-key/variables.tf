variable "name" {
  description = "The key's name: its alias is alias/NAME and its Name tag NAME."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.name)) && !startswith(var.name, "aws/")
    error_message = "name must be 1-250 letters, digits, /, _ or -, and not start with aws/."
  }
}

variable "description" {
  description = "What the key protects, shown in the KMS console."
  type        = string
  default     = "credential-tracker: reports, query results, logs and notifications"
}

variable "deletion_window_in_days" {
  description = "Days between scheduling the key's deletion and its deletion (7 to 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "administrator_arns" {
  description = "IAM principals that administer the key besides the account itself (whose IAM policies decide who else may)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.administrator_arns : can(regex("^arn:[^:]+:iam::[0-9]{12}:", arn))])
    error_message = "administrator_arns must be IAM ARNs (arn:aws:iam::123456789012:...)."
  }
}

variable "user_arns" {
  description = "IAM roles and users named in the key policy as users of the key (encrypt, decrypt, generate data keys)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.user_arns : can(regex("^arn:[^:]+:iam::[0-9]{12}:", arn))])
    error_message = "user_arns must be IAM ARNs (arn:aws:iam::123456789012:...)."
  }
}

variable "service_principals" {
  description = "AWS services that use the key on this account's behalf, e.g. logs.eu-west-1.amazonaws.com or sns.amazonaws.com."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for service in var.service_principals : endswith(service, ".amazonaws.com")])
    error_message = "service_principals must be service principals ending in .amazonaws.com."
  }
}

variable "tags" {
  description = "Tags for the key."
  type        = map(string)
  default     = {}
}
