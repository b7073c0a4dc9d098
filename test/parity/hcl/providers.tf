terraform {
  required_version = "~> 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  backend "s3" {
    bucket       = "crm-state"
    key          = "parity/terraform.tfstate"
    region       = "eu-central-1"
    encrypt      = true
    kms_key_id   = "arn:aws:kms:eu-central-1:111122223333:key/9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0"
    use_lockfile = true
  }
}

variable "region" {
  type    = string
  default = "eu-central-1"
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = "eu-west-1"
}
