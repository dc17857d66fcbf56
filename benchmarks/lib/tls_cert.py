"""A throw-away self-signed certificate for "localhost", made with the machine's openssl before a
TLS row starts timing (no key is kept in the repository)."""

import os
import shutil
import subprocess
import tempfile


def make_certificate():
    """Returns (cert_file, key_file, cleanup)."""
    folder = tempfile.mkdtemp(prefix="asyncio-bench-tls-")
    key_file = os.path.join(folder, "key.pem")
    cert_file = os.path.join(folder, "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
         "-keyout", key_file, "-out", cert_file],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return cert_file, key_file, lambda: shutil.rmtree(folder, ignore_errors=True)
