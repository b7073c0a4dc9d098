terraform {
  required_version = "~> 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
  cloud {
    organization = "acme-crm"
    workspaces {
      name = "crm-prod"
    }
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = ["111122223333"]
}

# The audit account, same region: Config recorders and log groups repeat the main account's names.
provider "aws" {
  alias               = "audit"
  region              = var.region
  allowed_account_ids = ["444455556666"]
}
