# The role the tracker assumes in one account: it reads the credential report and, for the
# remediate-findings-* functions, the users' credentials, which it disables, deletes or rotates (the
# new key stored in Secrets Manager as credential-tracker/USER, in the tracker's region). Apply it in
# each account (or let the tracker layer's member_role_stackset roll it out to an Organization); the
# management account always needs this.
module "member_role" {
  source = "../../aws/member-role"

  name                     = var.member_role_name
  tracker_role_arns        = var.tracker_role_arns
  external_id              = var.external_id
  organization_id          = var.organization_id
  secrets_region           = var.tracker_region
  security_hub_export      = var.security_hub_export
  permissions_boundary_arn = var.permissions_boundary_arn
  policies_dir             = var.policies_dir
  tags                     = merge({ Application = "credential-tracker" }, var.tags)
}
