"""Access tokens for XOAUTH2 sign-in (Microsoft 365): msal's client-credentials flow.

One TokenSource per process serves IMAP and SMTP. msal keeps the token in its own cache and
asks for a new one shortly before it expires; after a server refuses a token, ``token(fresh=True)``
starts from an empty cache, so the one retry uses a token the authority has just issued.
Tokens and the client secret never appear in logs, errors or reprs.
"""

from __future__ import annotations

import base64
import functools
import threading
from typing import Any
from urllib.parse import urlsplit

from bot.errors import MailboxError
from bot.settings import OAuthSettings

# Entra ID's own hosts: msal checks other authorities against them unless told not to.
MICROSOFT_HOSTS = ("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
                   "login.partner.microsoftonline.cn")
TIMEOUT_SECONDS = 30


class TokenError(MailboxError):
    """No token: the authority cannot be reached, or it refused the app's credentials."""


class TokenSource:
    def __init__(self, settings: OAuthSettings) -> None:
        self.settings = settings
        self._app: Any = None
        self._session: Any = None  # the app's HTTP session, closed when the app is replaced
        self._lock = threading.Lock()  # the worker's IDLE watcher signs in from its own thread

    def __repr__(self) -> str:
        return f"TokenSource(client_id={self.settings.client_id!r}, authority={self.settings.authority_url!r})"

    def token(self, *, fresh: bool = False) -> str:
        """A valid access token for ``settings.scope``; TokenError when none can be had."""
        with self._lock:
            authority = self.settings.authority_url
            try:
                if fresh or self._app is None:
                    self.close()
                    self._app = self._application()  # msal reads the authority's metadata here
                result = self._app.acquire_token_for_client(scopes=[self.settings.scope])
            except (OSError, ValueError) as exc:  # requests' errors are OSErrors; msal's discovery ValueErrors
                raise TokenError("cannot get a token from {authority}: {fault}", authority=authority,
                                 fault=_first_line(str(exc)) or type(exc).__name__) from None
            if "access_token" not in result:
                raise TokenError("{authority} refused to give a token: {error} {description}", authority=authority,
                                 error=result.get("error", "?"), description=_first_line(result.get("error_description", "")))
            return str(result["access_token"])

    def close(self) -> None:
        """Forget the cached token and close the connection to the authority."""
        if self._session is not None:
            self._session.close()
        self._app = self._session = None

    def _application(self) -> Any:
        import msal  # only a deployment that signs in with XOAUTH2 pays for importing it

        s = self.settings
        host = urlsplit(s.authority_url).hostname or ""
        return msal.ConfidentialClientApplication(
            s.client_id, client_credential=s.client_secret, authority=s.authority_url,
            instance_discovery=host in MICROSOFT_HOSTS, http_client=self._http_client())

    def _http_client(self) -> Any:
        import requests  # msal's own dependency

        session = requests.Session()
        session.mount("https://", requests.adapters.HTTPAdapter(max_retries=1))
        # Given per request, ca_file wins over REQUESTS_CA_BUNDLE (a session's verify does not);
        # proxies still come from the environment. The timeout keeps a silent authority from
        # holding up a pass.
        options: dict[str, Any] = {"timeout": TIMEOUT_SECONDS}
        if self.settings.ca_file:
            options["verify"] = self.settings.ca_file
        session.request = functools.partial(session.request, **options)  # type: ignore[method-assign]
        self._session = session
        return session


def xoauth2_string(username: str, token: str) -> str:
    """The SASL XOAUTH2 initial response, before base64 (Google's and Microsoft's format)."""
    return f"user={username}\x01auth=Bearer {token}\x01\x01"


def xoauth2_base64(username: str, token: str) -> str:
    return base64.b64encode(xoauth2_string(username, token).encode()).decode("ascii")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else ""
