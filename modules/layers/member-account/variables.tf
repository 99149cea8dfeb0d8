variable "member_role_name" {
  description = "The tracker layer's member_role_name: the roles are NAME-collector and NAME-remediation (at most 52 characters, so both names stay within IAM's 64)."
  type        = string
  default     = "credential-tracker-member"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,52}$", var.member_role_name))
    error_message = "member_role_name must be 1-52 letters, digits and +=,.@_- (NAME-remediation is then at most 64 characters, IAM's limit)."
  }
}

variable "tracker_role_arns" {
  description = "The tracker layer's tracker_role_arns output: the only principals each role trusts (collector: generate-report, download-report, collect-inventory and export-findings; remediation: the remediate-findings-* functions)."
  type = object({
    collector   = list(string)
    remediation = list(string)
  })

  validation {
    condition = alltrue([
      for arn in concat(var.tracker_role_arns.collector, var.tracker_role_arns.remediation) : can(regex("^arn:[^:]+:iam::[0-9]{12}:role/", arn))
    ]) && length(var.tracker_role_arns.collector) > 0 && length(var.tracker_role_arns.remediation) > 0
    error_message = "tracker_role_arns must hold one or more IAM role ARNs in collector and in remediation."
  }

  validation {
    condition     = length(setintersection(var.tracker_role_arns.collector, var.tracker_role_arns.remediation)) == 0
    error_message = "A tracker role may be trusted by one member role only: the collector and the remediation lists must not share an ARN."
  }
}

variable "external_id" {
  description = "The tracker layer's member_role_external_id; null for none."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.external_id == null || try(length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.external_id)), false)
    error_message = "external_id must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "organization_id" {
  description = "The tracker layer's organization_id (o-...): the roles then trust the tracker only from inside that Organization (aws:PrincipalOrgID); null for none (single-account use)."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must be an Organization id (o-...)."
  }
}

variable "tracker_region" {
  description = "The region the tracker runs in (its environment's region): rotated keys' secrets are created there. null for this provider's region: set it when this provider's region is another."
  type        = string
  default     = null

  validation {
    condition     = var.tracker_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.tracker_region))
    error_message = "tracker_region must be an AWS region name such as eu-west-1."
  }
}

variable "security_hub_export" {
  description = "The tracker layer's security_hub_export: lets its export-findings, through the collector role, import this account's findings into Security Hub (in tracker_region) and read those it imported."
  type        = bool
  default     = false
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary for both roles, when the account requires one."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:[^:]+:iam::([0-9]{12}|aws):policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "policies_dir" {
  description = "The folder of the policy templates; null for the repository's policies/."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for both roles."
  type        = map(string)
  default     = {}
}
