variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "owner" {
  type    = string
  default = "crm-platform"
}

variable "log_groups" {
  type = map(number)
  default = {
    app   = 400
    audit = 3
  }
}
