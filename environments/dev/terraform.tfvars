# dev: plans only. Remediations never act here (enforce = false); every decision is logged.
name                = "credential-tracker-dev"
account_scope       = "single"
enforce             = false
notification_emails = []
security_hub_export = false # true: the findings to Security Hub too (the member roles need it as well)
tags = {
  Environment = "dev"
}

# Access reviews (generate-review): quarterly by default; here only when invoked by hand
# (aws lambda invoke --function-name credential-tracker-dev-generate-review --payload '{}' out.json).
review_schedule_enabled = false
review_contact          = null
