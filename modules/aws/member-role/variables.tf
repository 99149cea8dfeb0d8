variable "name" {
  description = "The role's name, the same in every account: the tracker's MEMBER_ROLE_NAME for the functions of this kind (the tracker layer's member_role_name with -collector or -remediation)."
  type        = string
  default     = "credential-tracker-member-collector"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "name must be an IAM role name (1-64 letters, digits and +=,.@_-)."
  }
}

variable "kind" {
  description = "Which of the two member roles: collector (read-only: the credential report, the inventory, Security Hub with security_hub_export; trusted by generate-report, download-report, collect-inventory and export-findings) or remediation (the users' live state and the writes of the remediate-findings-* functions, which alone it trusts)."
  type        = string
  default     = "collector"

  validation {
    condition     = contains(["collector", "remediation"], var.kind)
    error_message = "kind must be collector or remediation."
  }
}

variable "path" {
  description = "The role's IAM path."
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\w+=,.@-]+/)*$", var.path))
    error_message = "path must start and end with /."
  }
}

variable "tracker_role_arns" {
  description = "The tracker's roles allowed to assume this role, all in the tracker's account (the tracker layer's tracker_role_arns output: its collector list for the collector, its remediation list for the remediation role): nobody else is trusted."
  type        = list(string)

  validation {
    condition     = length(var.tracker_role_arns) > 0 && alltrue([for arn in var.tracker_role_arns : can(regex("^arn:[^:]+:iam::[0-9]{12}:role/", arn))])
    error_message = "tracker_role_arns must be one or more IAM role ARNs."
  }
}

variable "external_id" {
  description = "An external id the tracker must present (MEMBER_ROLE_EXTERNAL_ID); null for none."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.external_id == null || try(length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.external_id)), false)
    error_message = "external_id must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "organization_id" {
  description = "The Organization (o-...) the tracker's roles must belong to (aws:PrincipalOrgID); null outside an Organization."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must be an Organization id (o-...)."
  }
}

variable "secrets_region" {
  description = "The region the tracker runs in: ak-rotation creates the rotated keys' secrets there (credential-tracker/USER), encrypted through Secrets Manager in that region, and export-findings imports into Security Hub there; null for this provider's region."
  type        = string
  default     = null

  validation {
    condition     = var.secrets_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.secrets_region))
    error_message = "secrets_region must be an AWS region name such as eu-west-1."
  }
}

variable "security_hub_export" {
  description = "The collector only: allow the tracker's export-findings (the tracker layer's security_hub_export) to import this account's findings into Security Hub and read those it imported (securityhub:BatchImportFindings on the account's default product, securityhub:GetFindings on its hub), in secrets_region."
  type        = bool
  default     = false

  validation {
    condition     = !var.security_hub_export || var.kind == "collector"
    error_message = "security_hub_export is for the collector role only: the remediation role never calls Security Hub."
  }
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary for the role, when the account requires one."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:[^:]+:iam::([0-9]{12}|aws):policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "policies_dir" {
  description = "The folder of the policy templates; null for the repository's policies/ (beside modules/)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
