data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  policies_dir = coalesce(var.policies_dir, "${path.module}/../../../policies")

  # Only the tracker's roles, from inside the Organization, with the external id when one is set.
  trust_conditions = {
    StringEquals = merge(
      var.organization_id == null ? {} : { "aws:PrincipalOrgID" = var.organization_id },
      var.external_id == null ? {} : { "sts:ExternalId" = var.external_id },
    )
  }

  assume_role_policy = templatefile("${local.policies_dir}/trust-member-role.json.tpl", {
    tracker_role_arns = jsonencode(var.tracker_role_arns)
    conditions        = jsonencode(local.trust_conditions)
  })

  tracker_region = coalesce(var.secrets_region, data.aws_region.current.name)

  # This account's users and secrets only; the secrets live in the tracker's region, where its
  # remediation functions run (kms:ViaService secretsmanager.REGION).
  base_policy = templatefile("${local.policies_dir}/member-role.json.tpl", {
    partition  = data.aws_partition.current.partition
    region     = local.tracker_region
    account_id = data.aws_caller_identity.current.account_id
  })

  # With security_hub_export, export-findings' two Security Hub calls, on this account's hub and
  # default product in the tracker's region; without it, none.
  security_hub_statements = var.security_hub_export ? jsondecode(templatefile("${local.policies_dir}/member-role-security-hub.json.tpl", {
    partition  = data.aws_partition.current.partition
    region     = local.tracker_region
    account_id = data.aws_caller_identity.current.account_id
  })).Statement : []

  policy = var.security_hub_export ? jsonencode(merge(jsondecode(local.base_policy), {
    Statement = concat(jsondecode(local.base_policy).Statement, local.security_hub_statements)
  })) : local.base_policy
}

resource "aws_iam_role" "this" {
  name                 = var.name
  path                 = var.path
  description          = "Lets credential-tracker read this account's IAM credential report and remediate its users' credentials"
  assume_role_policy   = local.assume_role_policy
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge({ Name = var.name }, var.tags)
}

resource "aws_iam_role_policy" "this" {
  name   = "credential-tracker"
  role   = aws_iam_role.this.id
  policy = local.policy
}
