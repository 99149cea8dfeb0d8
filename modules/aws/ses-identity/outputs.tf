output "identity_arns" {
  description = "The ARNs of every identity: the domain's, then each address's."
  value       = concat(aws_ses_domain_identity.this[*].arn, [for identity in aws_ses_email_identity.this : identity.arn])
}

output "domain_verification_token" {
  description = "The TXT record value (_amazonses.DOMAIN) that verifies the domain; null without a domain."
  value       = one(aws_ses_domain_identity.this[*].verification_token)
}

output "dkim_tokens" {
  description = "The three DKIM tokens: publish TOKEN._domainkey.DOMAIN CNAME TOKEN.dkim.amazonses.com for each."
  value       = flatten(aws_ses_domain_dkim.this[*].dkim_tokens)
}
