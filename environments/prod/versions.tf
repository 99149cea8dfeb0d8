terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
  }

  # Fill in at init: terraform init -backend-config="bucket=..." -backend-config="key=credential-tracker/ENV.tfstate"
  #   -backend-config="region=..." -backend-config="use_lockfile=true"
  backend "s3" {}
}
