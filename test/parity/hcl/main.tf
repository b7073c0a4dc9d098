# The parity corpus in plain HCL: the same resources as ../cdktf/cdk.tf.json and ../plan/plan.json.

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "data" {
  description             = "CRM data key"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

# A bucket hardened with the split resources (v4+ provider style).
resource "aws_s3_bucket" "files" {
  bucket = "crm-files"
}

resource "aws_s3_bucket_public_access_block" "files" {
  bucket                  = aws_s3_bucket.files.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files" {
  bucket = aws_s3_bucket.files.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "files" {
  bucket = aws_s3_bucket.files.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Misconfigured: no public access block (CRM-IAM-010); lives in the DR region through the alias.
resource "aws_s3_bucket" "exports" {
  provider = aws.dr
  bucket   = "crm-exports"
}

resource "aws_security_group" "db" {
  name        = "crm-db"
  description = "Database"

  ingress {
    description = "app"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  tags = {
    Name = "crm-db"
  }
}

resource "aws_db_instance" "crm" {
  identifier                  = "crm"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "crm_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.data.arn
  backup_retention_period     = 14
  multi_az                    = true
  auto_minor_version_upgrade  = true
  publicly_accessible         = false
  deletion_protection         = true
  vpc_security_group_ids      = [aws_security_group.db.id]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "crm-final"
}

# Misconfigured: unencrypted (CRM-ENC-004) and one day of backups (CRM-BDR-002).
resource "aws_db_instance" "legacy" {
  identifier                  = "crm-legacy"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  username                    = "legacy_admin"
  manage_master_user_password = true
  storage_encrypted           = false
  backup_retention_period     = 1
  multi_az                    = true
  auto_minor_version_upgrade  = true
  publicly_accessible         = false
  deletion_protection         = true
  vpc_security_group_ids      = [aws_security_group.db.id]
  skip_final_snapshot         = false
  final_snapshot_identifier   = "crm-legacy-final"
}

module "edge" {
  source     = "../modules/edge"
  name       = "crm"
  admin_cidr = "0.0.0.0/0"
}
