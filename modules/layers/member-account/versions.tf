terraform {
  required_version = ">= 1.9"

  # No provider of its own: modules/aws/member-role declares hashicorp/aws.
}
