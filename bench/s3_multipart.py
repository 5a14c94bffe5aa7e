"""The multipart reference of bench/upload: boto3's own transfer manager, 16 MiB parts, 4 in flight.

Usage: python s3_multipart.py <endpoint> <bucket> <key> <file>; the credentials come from
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints the seconds the upload took.
"""
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MIB = 1024 * 1024


def main():
    endpoint, bucket, key, path = sys.argv[1:5]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    config = TransferConfig(multipart_threshold=16 * MIB, multipart_chunksize=16 * MIB, max_concurrency=4,
                            use_threads=True)
    start = time.monotonic()
    s3.upload_file(path, bucket, key, Config=config)
    print(f"{time.monotonic() - start:.3f}")


if __name__ == "__main__":
    main()
