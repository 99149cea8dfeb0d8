# dev: plans only. Remediations never act here (enforce = false); every decision is logged.
name                = "credential-tracker-dev"
account_scope       = "single"
enforce             = false
notification_emails = []
tags = {
  Environment = "dev"
}
