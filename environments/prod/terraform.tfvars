# prod: acts on every account of the Organization, within the default blast radius.
name          = "credential-tracker"
account_scope = "organization"
# Required with account_scope = "organization": the functions may assume their member roles only in the
# Organization's accounts. Replace with yours: aws organizations describe-organization --query Organization.Id
organization_id = "o-exampleorg1"
# Recommended: an external id both member roles require (the same value on modules/layers/member-account).
# member_role_external_id = "credential-tracker-EXAMPLE"
enforce                 = true
max_actions_per_run     = 50
max_actions_per_account = 10
log_retention_days      = 365
security_hub_export     = false # true: the findings to Security Hub too (the member roles need it as well)
tags = {
  Environment = "prod"
}

# Owner digests (SES): set a verified sender, e.g. an address of ses_domain (publish the DKIM records
# of the ses_dkim_tokens output) or, while SES is in its sandbox, one of ses_email_addresses.
# notify_from         = "credential-tracker@example.com"
# ses_domain          = "example.com"
# ses_email_addresses = ["credential-tracker@example.com"]

# Access reviews (generate-review, emailed from notify_from): each account's contact, else
# review_contact, else the account's email address in Organizations.
review_schedule_expression = "cron(0 6 1 1,4,7,10 ? *)"
review_contacts_by_account = {}
# review_contact           = "security@example.com"
