# Optional: both member roles in every account of the Organization (or of some OUs), rolled out from
# here with a service-managed CloudFormation StackSet that also deploys to accounts joining later.
# The management account is never a StackSet target: deploy modules/layers/member-account there.

locals {
  # The functions each member role trusts, and no other: the collector the three that read each account
  # (and export-findings with security_hub_export), the remediation role the five remediations.
  tracker_role_arns = {
    collector = concat([
      module.generate_report.role_arn,
      module.download_report.role_arn,
      module.collect_inventory.role_arn,
    ], module.export_findings[*].role_arn)
    remediation = [
      module.remediate_ak_rotation.role_arn,
      module.remediate_ak_usage.role_arn,
      module.remediate_cert_rotation.role_arn,
      module.remediate_cred_usage.role_arn,
      module.remediate_review_revoke.role_arn,
    ]
  }

  # As modules/aws/member-role renders it: the functions' roles of this account, from inside the
  # Organization when organization_id is set, with the external id when one is set.
  member_role_trust = {
    for kind, arns in local.tracker_role_arns : kind => templatefile("${local.policies_dir}/trust-member-role.json.tpl", {
      tracker_role_arns = jsonencode(arns)
      conditions = jsonencode({
        StringEquals = merge(
          { "aws:PrincipalAccount" = [local.account_id] },
          var.organization_id == null ? {} : { "aws:PrincipalOrgID" = var.organization_id },
          var.member_role_external_id == null ? {} : { "sts:ExternalId" = var.member_role_external_id },
        )
      })
    })
  }

  # Each role's permissions as modules/aws/member-role renders them, for the account each stack instance
  # runs in: CloudFormation substitutes ${AWS::AccountId} (Fn::Sub on every resource). The instances run
  # in this region, where the remediation functions create the secrets. With security_hub_export the
  # collector gets export-findings' Security Hub calls in this region, as modules/aws/member-role adds them.
  member_role_statements = {
    for kind in keys(local.tracker_role_arns) : kind => concat(
      jsondecode(templatefile("${local.policies_dir}/member-role-${kind}.json.tpl", {
        partition  = local.partition
        region     = local.region
        account_id = "$${AWS::AccountId}"
      })).Statement,
      kind == "collector" && var.security_hub_export ? jsondecode(templatefile("${local.policies_dir}/member-role-security-hub.json.tpl", {
        partition  = local.partition
        region     = local.region
        account_id = "$${AWS::AccountId}"
      })).Statement : [],
    )
  }
  member_role_stack_policies = {
    for kind, statements in local.member_role_statements : kind => {
      Version = "2012-10-17"
      Statement = [
        for statement in statements : merge(statement, {
          Resource = [for resource in flatten([statement.Resource]) : { "Fn::Sub" = resource }]
        })
      ]
    }
  }

  member_role_descriptions = {
    collector   = "Lets credential-tracker read this account's IAM credential report and inventory (read-only)"
    remediation = "Lets credential-tracker's remediations disable, delete and rotate this account's users' credentials"
  }

  member_role_template = jsonencode({
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "credential-tracker member roles: a read-only collector role and a remediation role, each trusted by its own functions only"
    Resources = {
      for kind, name in local.member_role_names : (kind == "collector" ? "CollectorRole" : "RemediationRole") => {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName                 = name
          Description              = local.member_role_descriptions[kind]
          MaxSessionDuration       = 3600
          AssumeRolePolicyDocument = jsondecode(local.member_role_trust[kind])
          Policies = [{
            PolicyName     = "credential-tracker-${kind}"
            PolicyDocument = local.member_role_stack_policies[kind]
          }]
          Tags = [for key, value in merge({ Name = name }, local.tags) : { Key = key, Value = value }]
        }
      }
    }
  })
}

resource "aws_cloudformation_stack_set" "member_role" {
  count = var.member_role_stackset == null ? 0 : 1

  name             = "${var.name}-member-role"
  description      = "credential-tracker member roles (collector and remediation) in every account of the target OUs"
  permission_model = "SERVICE_MANAGED"
  call_as          = var.member_role_stackset.call_as
  capabilities     = ["CAPABILITY_NAMED_IAM"]
  template_body    = local.member_role_template
  tags             = local.tags

  auto_deployment {
    enabled                          = true
    retain_stacks_on_account_removal = false
  }

  operation_preferences {
    failure_tolerance_percentage = 10
    max_concurrent_percentage    = 25
    region_concurrency_type      = "PARALLEL"
  }

  lifecycle {
    ignore_changes = [administration_role_arn]
  }
}

resource "aws_cloudformation_stack_set_instance" "member_role" {
  count = var.member_role_stackset == null ? 0 : 1

  stack_set_name = aws_cloudformation_stack_set.member_role[0].name
  call_as        = var.member_role_stackset.call_as
  region         = local.region

  deployment_targets {
    organizational_unit_ids = var.member_role_stackset.organizational_unit_ids
  }
}
