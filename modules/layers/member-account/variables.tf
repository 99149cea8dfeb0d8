variable "member_role_name" {
  description = "The role's name: the tracker layer's member_role_name."
  type        = string
  default     = "credential-tracker-member"
}

variable "tracker_role_arns" {
  description = "The tracker layer's tracker_role_arns output: the only principals the role trusts."
  type        = list(string)
}

variable "external_id" {
  description = "The tracker layer's member_role_external_id; null for none."
  type        = string
  default     = null
  sensitive   = true
}

variable "organization_id" {
  description = "The Organization id (o-...) the tracker must be in (aws:PrincipalOrgID); null for none."
  type        = string
  default     = null
}

variable "tracker_region" {
  description = "The region the tracker runs in (its environment's region): rotated keys' secrets are created there. null for this provider's region: set it when this provider's region is another."
  type        = string
  default     = null
}

variable "security_hub_export" {
  description = "The tracker layer's security_hub_export: lets its export-findings import this account's findings into Security Hub (in tracker_region) and read those it imported."
  type        = bool
  default     = false
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary for the role, when the account requires one."
  type        = string
  default     = null
}

variable "policies_dir" {
  description = "The folder of the policy templates; null for the repository's policies/."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
