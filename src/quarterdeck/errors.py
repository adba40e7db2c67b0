"""Errors Quarterdeck expects and reports in one line.

Exception tree::

    QuarterdeckError            anything the user can fix; the CLI prints it and exits 1
    ├── InputError              a file, path or text that cannot be read as asked
    ├── StoreError              the store cannot be opened or written
    │   └── SchemaTooNewError   the store was written by a newer Quarterdeck
    ├── ConfigError             a profile, policy or home directory that is unusable
    └── FetchError              a live source (arXiv, Hugging Face, a feed, a URL) failed
        ├── DnsError            the host name does not resolve
        ├── UnreachableError    the host refuses or drops the connection
        ├── TlsError            the TLS handshake or certificate check failed
        ├── FetchTimeoutError   the service did not answer in time
        ├── HttpStatusError     the service answered 4xx/5xx (after retries for 429/5xx)
        └── PayloadError        the answer is not the format the service documents

Anything else is a bug: the CLI shows a traceback only under QUARTERDECK_DEBUG=1.
"""

from __future__ import annotations


class QuarterdeckError(Exception):
    """Base class for expected, user-fixable failures."""


class InputError(QuarterdeckError):
    """A path, file or text that cannot be read as asked."""


class StoreError(QuarterdeckError):
    """The store cannot be opened, migrated or written."""


class SchemaTooNewError(StoreError):
    """The store's schema is newer than this version of Quarterdeck knows."""


class ConfigError(QuarterdeckError):
    """A profile, policy or home directory that is unusable."""


class FetchError(QuarterdeckError):
    """A live source could not be fetched; the message names the host or URL."""


class DnsError(FetchError):
    """The host name does not resolve."""


class UnreachableError(FetchError):
    """The host refused or dropped the connection."""


class TlsError(FetchError):
    """The TLS handshake or the certificate check failed."""


class FetchTimeoutError(FetchError):
    """The service did not answer in time, after retries."""


class HttpStatusError(FetchError):
    """The service answered with an HTTP error status."""

    def __init__(self, message: str, status: int, url: str, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.url = url
        self.body = body
        """The start of the response body, for sources that explain errors in it (arXiv does)."""


class PayloadError(FetchError):
    """The service answered, but not in the format it documents (truncated or malformed)."""
