variable "domain" {
  description = "A domain to send owner emails from (verify it with the DKIM records in the outputs); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.domain == null || can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lowercase domain name such as example.com."
  }
}

variable "email_addresses" {
  description = "Single addresses to verify as senders (each gets a confirmation email), e.g. while SES is in its sandbox."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "email_addresses must be email addresses."
  }
}
