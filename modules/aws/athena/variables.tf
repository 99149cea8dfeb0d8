variable "name" {
  description = "The Athena workgroup's name."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,128}$", var.name))
    error_message = "name must be 1-128 letters, digits, ., _ or -."
  }
}

variable "database_name" {
  description = "The Glue database the tables live in."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lowercase letters, digits and underscores (Athena's rule)."
  }
}

variable "results_bucket" {
  description = "The bucket query results are written to (enforced for every query of the workgroup)."
  type        = string
}

variable "results_prefix" {
  description = "The key prefix of query results in results_bucket, ending in /."
  type        = string
  default     = "athena-results/"

  validation {
    condition     = endswith(var.results_prefix, "/")
    error_message = "results_prefix must end in /."
  }
}

variable "kms_key_arn" {
  description = "The KMS key query results are encrypted with (SSE_KMS, enforced)."
  type        = string

  validation {
    condition     = can(regex("^arn:[^:]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "bytes_scanned_cutoff_per_query" {
  description = "A query scanning more bytes than this is cancelled (at least 10 MB); the default 10 GB is far above a day of reports."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760
    error_message = "bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB)."
  }
}

variable "named_queries" {
  description = "One named query per finding and per change query: the key is its id (the named query's name), query its query.sql."
  type = map(object({
    description = string
    query       = string
  }))
  default = {}

  validation {
    condition     = alltrue([for id, q in var.named_queries : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", id)) && length(q.query) <= 262144])
    error_message = "named_queries keys must be finding or change query ids (kebab-case) and each query at most 262144 bytes."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the workgroup with its saved queries and history."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the workgroup."
  type        = map(string)
  default     = {}
}
