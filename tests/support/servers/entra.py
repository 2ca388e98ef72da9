"""A small local token authority for the XOAUTH2 tests, in the shape of Microsoft Entra ID.

Over HTTPS (msal insists; the certificate is made here and trusted through oauth.ca_file):
OpenID discovery at ``/<tenant>/v2.0/.well-known/openid-configuration`` and the
client-credentials token endpoint at ``/<tenant>/oauth2/v2.0/token``. Over plain HTTP, for
Dovecot's oauth2 passdb: RFC 7662 token introspection at ``/introspect``. The test decides
which tokens live (``revoke``), how long they are said to last, and counts what was asked.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import secrets
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import parse_qs

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"
TENANT = "contoso-test-tenant"
SCOPE = "https://outlook.office365.com/.default"


@dataclass
class Ledger:
    """What the authority knows: the app's credentials, the tokens it issued, who each is for."""

    client_id: str
    client_secret: str
    username: str
    expires_in: int = 3600
    issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    refused_logins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self) -> str:
        with self.lock:
            token = f"eyJ0-{secrets.token_urlsafe(24)}"
            self.issued.append(token)
            return token

    def valid(self, token: str) -> bool:
        with self.lock:
            ok = token in self.issued and token not in self.revoked
            self.refused_logins += not ok
            return ok

    def revoke_all(self) -> None:
        with self.lock:
            self.revoked.update(self.issued)


class TokenAuthority:
    """Start with ``TokenAuthority.start(tmp_dir, ...)``; ``stop()`` when done."""

    def __init__(self, ledger: Ledger, https: ThreadingHTTPServer, http: ThreadingHTTPServer, ca_file: Path) -> None:
        self.ledger = ledger
        self._https, self._http = https, http
        self.ca_file = ca_file
        self.authority = f"https://{HOST}:{https.server_address[1]}/{TENANT}"
        self.introspection_url = f"http://{HOST}:{http.server_address[1]}/introspect"
        for server in (https, http):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    @classmethod
    def start(cls, directory: Path, client_id: str, client_secret: str, username: str) -> Self:
        ledger = Ledger(client_id, client_secret, username)
        cert, key = _self_signed(directory)
        handler = _handler_for(ledger)
        https = ThreadingHTTPServer((HOST, 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        https.socket = context.wrap_socket(https.socket, server_side=True)
        http = ThreadingHTTPServer((HOST, 0), handler)
        return cls(ledger, https, http, cert)

    def stop(self) -> None:
        for server in (self._https, self._http):
            server.shutdown()
            server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _handler_for(ledger: Ledger) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def do_GET(self) -> None:
            base = f"https://{self.headers['Host']}/{TENANT}"
            if self.path.startswith(f"/{TENANT}/v2.0/.well-known/openid-configuration"):
                self._json(200, {"issuer": f"{base}/v2.0", "token_endpoint": f"{base}/oauth2/v2.0/token",
                                 "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                                 "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode"})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()).items()}
            if self.path == f"/{TENANT}/oauth2/v2.0/token":
                self._token(form)
            elif self.path == "/introspect":
                token = form.get("token", "")
                self._json(200, {"active": True, "username": ledger.username} if ledger.valid(token) else {"active": False})
            else:
                self._json(404, {"error": "not_found"})

        def _token(self, form: dict[str, str]) -> None:
            if form.get("grant_type") != "client_credentials" or form.get("scope") != SCOPE:
                self._json(400, {"error": "invalid_request", "error_description": "AADSTS900144: bad request"})
            elif (form.get("client_id"), form.get("client_secret")) != (ledger.client_id, ledger.client_secret):
                self._json(401, {"error": "invalid_client",
                                 "error_description": "AADSTS7000215: Invalid client secret provided."})
            else:
                self._json(200, {"token_type": "Bearer", "expires_in": ledger.expires_in,
                                 "access_token": ledger.issue()})

        def _json(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intake-bot test authority")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "authority.pem", directory / "authority.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
