locals {
  name_prefix = "crm-${var.environment}"
  common_tags = {
    Owner              = var.owner
    Environment        = var.environment
    DataClassification = "confidential"
  }
  tags = merge(local.common_tags, { Application = "crm" })
}
