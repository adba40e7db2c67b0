"""Errors Quarterdeck expects and reports in one line.

Exception tree::

    QuarterdeckError            anything the user can fix; the CLI prints it and exits 1
    ├── InputError              a file, path or text that cannot be read as asked
    ├── StoreError              the store cannot be opened or written
    │   └── SchemaTooNewError   the store was written by a newer Quarterdeck
    └── ConfigError             a profile, policy or home directory that is unusable

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
