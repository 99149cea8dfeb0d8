# Optional: the member role in every account of the Organization (or of some OUs), rolled out from
# here with a service-managed CloudFormation StackSet that also deploys to accounts joining later.
# The management account is never a StackSet target: deploy modules/layers/member-account there.

locals {
  # Every function that assumes the member role: the report's two, collect-inventory and the five
  # remediations.
  # With security_hub_export, export-findings too.
  tracker_role_arns = concat([
    module.generate_report.role_arn,
    module.download_report.role_arn,
    module.collect_inventory.role_arn,
    module.remediate_ak_rotation.role_arn,
    module.remediate_ak_usage.role_arn,
    module.remediate_cert_rotation.role_arn,
    module.remediate_cred_usage.role_arn,
    module.remediate_review_revoke.role_arn,
  ], module.export_findings[*].role_arn)

  member_role_trust = templatefile("${local.policies_dir}/trust-member-role.json.tpl", {
    tracker_role_arns = jsonencode(local.tracker_role_arns)
    conditions = jsonencode({
      StringEquals = merge(
        var.organization_id == null ? {} : { "aws:PrincipalOrgID" = var.organization_id },
        var.member_role_external_id == null ? {} : { "sts:ExternalId" = var.member_role_external_id },
      )
    })
  })

  # The member role's permissions as modules/aws/member-role renders them, for the account each stack
  # instance runs in: CloudFormation substitutes ${AWS::AccountId} (Fn::Sub on every resource). The
  # instances run in this region, where the remediation functions create the secrets.
  member_role_policy = jsondecode(templatefile("${local.policies_dir}/member-role.json.tpl", {
    partition  = local.partition
    region     = local.region
    account_id = "$${AWS::AccountId}"
  }))
  # With security_hub_export, export-findings' Security Hub calls in this region, as
  # modules/aws/member-role adds them.
  member_role_security_hub_statements = var.security_hub_export ? jsondecode(templatefile("${local.policies_dir}/member-role-security-hub.json.tpl", {
    partition  = local.partition
    region     = local.region
    account_id = "$${AWS::AccountId}"
  })).Statement : []
  member_role_stack_policy = merge(local.member_role_policy, {
    Statement = [
      for statement in concat(local.member_role_policy.Statement, local.member_role_security_hub_statements) : merge(statement, {
        Resource = [for resource in flatten([statement.Resource]) : { "Fn::Sub" = resource }]
      })
    ]
  })

  member_role_template = jsonencode({
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "credential-tracker member role: lets the tracker read this account's IAM credential report and remediate its users' credentials"
    Resources = {
      MemberRole = {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName                 = var.member_role_name
          Description              = "Lets credential-tracker read this account's IAM credential report and remediate its users' credentials"
          MaxSessionDuration       = 3600
          AssumeRolePolicyDocument = jsondecode(local.member_role_trust)
          Policies = [{
            PolicyName     = "credential-tracker"
            PolicyDocument = local.member_role_stack_policy
          }]
          Tags = [for key, value in local.tags : { Key = key, Value = value }]
        }
      }
    }
  })
}

resource "aws_cloudformation_stack_set" "member_role" {
  count = var.member_role_stackset == null ? 0 : 1

  name             = "${var.name}-member-role"
  description      = "credential-tracker member role in every account of the target OUs"
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
