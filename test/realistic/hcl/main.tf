resource "aws_kms_key" "data" {
  description             = "CRM data key"
  enable_key_rotation     = "true"
  deletion_window_in_days = "30"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Account"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
  tags = local.tags
}

module "attachments" {
  source      = "./modules/bucket"
  name        = "${local.name_prefix}-attachments"
  kms_key_arn = aws_kms_key.data.arn
  tags        = local.tags
}

module "exports" {
  source      = "./modules/bucket"
  name        = "${local.name_prefix}-exports"
  kms_key_arn = aws_kms_key.data.arn
  versioning  = false
  tags        = local.tags
}

resource "aws_iam_policy" "ops" {
  name = format("%s-ops", local.name_prefix)
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
  tags = local.tags
}

resource "aws_db_instance" "crm" {
  identifier                      = "${local.name_prefix}-db"
  engine                          = "postgres"
  engine_version                  = "16.4"
  instance_class                  = "db.r6g.large"
  allocated_storage               = "100"
  multi_az                        = "true"
  publicly_accessible             = "false"
  storage_encrypted               = "true"
  kms_key_id                      = aws_kms_key.data.arn
  backup_retention_period         = "1"
  deletion_protection             = "true"
  skip_final_snapshot             = "false"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  tags                            = local.tags
}

resource "aws_cloudwatch_log_group" "app" {
  for_each          = var.log_groups
  name              = "/crm/${each.key}"
  retention_in_days = each.value
  kms_key_id        = aws_kms_key.data.arn
  tags              = local.tags
}

resource "aws_security_group" "admin" {
  name        = "${local.name_prefix}-admin"
  description = "Operator access"
  vpc_id      = "vpc-0123456789abcdef0"
  ingress {
    description = "SSH"
    from_port   = "22"
    to_port     = "22"
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = local.tags
}

resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported = "true"
  }
}

resource "aws_config_configuration_recorder" "audit" {
  provider = aws.audit
  name     = "default"
  role_arn = "arn:aws:iam::444455556666:role/config"
  recording_group {
    all_supported = true
  }
}
