data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  policies_dir = coalesce(var.policies_dir, "${path.module}/../../../policies")

  # Only the tracker's roles, from its own account, from inside the Organization when one is set, with
  # the external id when one is set. aws:PrincipalAccount is always there, so the condition is never empty.
  trust_conditions = {
    StringEquals = merge(
      { "aws:PrincipalAccount" = distinct([for arn in var.tracker_role_arns : split(":", arn)[4]]) },
      var.organization_id == null ? {} : { "aws:PrincipalOrgID" = var.organization_id },
      var.external_id == null ? {} : { "sts:ExternalId" = var.external_id },
    )
  }

  assume_role_policy = templatefile("${local.policies_dir}/trust-member-role.json.tpl", {
    tracker_role_arns = jsonencode(var.tracker_role_arns)
    conditions        = jsonencode(local.trust_conditions)
  })

  tracker_region = coalesce(var.secrets_region, data.aws_region.current.name)

  # collector: the credential report and the inventory's reads; remediation: the users' live state,
  # their credentials' writes, and the rotated keys' secrets in the tracker's region (kms:ViaService
  # secretsmanager.REGION). This account's users and secrets only.
  base_policy = templatefile("${local.policies_dir}/member-role-${var.kind}.json.tpl", {
    partition  = data.aws_partition.current.partition
    region     = local.tracker_region
    account_id = data.aws_caller_identity.current.account_id
  })

  # The collector with security_hub_export: export-findings' two Security Hub calls, on this account's
  # hub and default product in the tracker's region; otherwise none.
  security_hub = var.kind == "collector" && var.security_hub_export
  security_hub_statements = local.security_hub ? jsondecode(templatefile("${local.policies_dir}/member-role-security-hub.json.tpl", {
    partition  = data.aws_partition.current.partition
    region     = local.tracker_region
    account_id = data.aws_caller_identity.current.account_id
  })).Statement : []

  policy = local.security_hub ? jsonencode(merge(jsondecode(local.base_policy), {
    Statement = concat(jsondecode(local.base_policy).Statement, local.security_hub_statements)
  })) : local.base_policy

  descriptions = {
    collector   = "Lets credential-tracker read this account's IAM credential report and inventory (read-only)"
    remediation = "Lets credential-tracker's remediations disable, delete and rotate this account's users' credentials"
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  path                 = var.path
  description          = local.descriptions[var.kind]
  assume_role_policy   = local.assume_role_policy
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge({ Name = var.name }, var.tags)
}

resource "aws_iam_role_policy" "this" {
  name   = "credential-tracker-${var.kind}"
  role   = aws_iam_role.this.id
  policy = local.policy
}
