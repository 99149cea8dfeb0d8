# The two roles the tracker assumes in one account (apply it in each account, or let the tracker layer's
# member_role_stackset roll them out to an Organization; the management account always needs this):
#   NAME-collector    read-only: the credential report, the inventory, Security Hub with
#                     security_hub_export; trusted by generate-report, download-report, collect-inventory
#                     and export-findings only
#   NAME-remediation  the users' live state and the writes that disable, delete or rotate their
#                     credentials (the new key stored in Secrets Manager as credential-tracker/USER, in the
#                     tracker's region); trusted by the remediate-findings-* functions only
module "collector_role" {
  source = "../../aws/member-role"

  name                     = "${var.member_role_name}-collector"
  kind                     = "collector"
  tracker_role_arns        = var.tracker_role_arns.collector
  external_id              = var.external_id
  organization_id          = var.organization_id
  secrets_region           = var.tracker_region
  security_hub_export      = var.security_hub_export
  permissions_boundary_arn = var.permissions_boundary_arn
  policies_dir             = var.policies_dir
  tags                     = merge({ Application = "credential-tracker" }, var.tags)
}

module "remediation_role" {
  source = "../../aws/member-role"

  name                     = "${var.member_role_name}-remediation"
  kind                     = "remediation"
  tracker_role_arns        = var.tracker_role_arns.remediation
  external_id              = var.external_id
  organization_id          = var.organization_id
  secrets_region           = var.tracker_region
  permissions_boundary_arn = var.permissions_boundary_arn
  policies_dir             = var.policies_dir
  tags                     = merge({ Application = "credential-tracker" }, var.tags)
}
