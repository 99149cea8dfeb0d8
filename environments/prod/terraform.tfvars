# prod: acts on every account of the Organization, within the default blast radius.
name                    = "credential-tracker"
account_scope           = "organization"
enforce                 = true
max_actions_per_run     = 50
max_actions_per_account = 10
log_retention_days      = 365
tags = {
  Environment = "prod"
}
