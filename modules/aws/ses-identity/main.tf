resource "aws_ses_domain_identity" "this" {
  count  = var.domain == null ? 0 : 1
  domain = var.domain
}

resource "aws_ses_domain_dkim" "this" {
  count  = var.domain == null ? 0 : 1
  domain = aws_ses_domain_identity.this[0].domain
}

resource "aws_ses_email_identity" "this" {
  for_each = toset(var.email_addresses)
  email    = each.value
}
