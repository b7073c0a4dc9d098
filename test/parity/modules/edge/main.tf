# Edge module of the parity corpus: called with a literal `admin_cidr` of 0.0.0.0/0, so the
# bastion admits SSH from the internet (CRM-NET-001), and its log bucket has no public access
# block (CRM-IAM-010). Both findings must carry the module address in every input format.
variable "name" {
  type = string
}

variable "admin_cidr" {
  type    = string
  default = "10.0.0.0/8"
}

resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "Bastion access"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.name}-edge-logs"
}

# A reference inside the module: resolved to module.edge.aws_s3_bucket.logs in every format.
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}
