"""A local S3 server for the tests (moto's server mode, in a thread of the test process: no
network, nothing to install but the test extras), and buckets on it."""

import logging
import socket
import uuid

import boto3
from moto.server import ThreadedMotoServer

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[ThreadedMotoServer, str]:
    """A running server and its endpoint (http://127.0.0.1:PORT)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


def new_bucket(endpoint: str, *, versioned: bool = False) -> str:
    """A fresh bucket's name (one per test: nothing carries over)."""
    name = f"consult-{uuid.uuid4().hex[:16]}"
    s3 = client(endpoint)
    s3.create_bucket(Bucket=name)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def storage_url(endpoint: str, bucket: str, prefix: str = "") -> str:
    host = endpoint.removeprefix("http://")
    path = f"{bucket}/{prefix}" if prefix else bucket
    return f"s3://{ACCESS_KEY}:{SECRET_KEY}@{host}/{path}?tls=0&region={REGION}"
