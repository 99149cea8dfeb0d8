# stage: acts, with a small blast radius, on the accounts of a test OU.
name                    = "credential-tracker-stage"
account_scope           = "organization"
enforce                 = true
max_actions_per_run     = 5
max_actions_per_account = 2
tags = {
  Environment = "stage"
}
