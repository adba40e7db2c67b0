"""Base URLs of the services Quarterdeck reads, and where each can be pointed elsewhere.

Precedence, highest first: the environment variable, the profile's ``[endpoints]`` table,
the public service. The environment wins so that a test run, a CI job or a one-off mirror
can redirect a command without editing the profile.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from quarterdeck.errors import ConfigError

DEFAULTS: Mapping[str, str] = {
    "arxiv_api": "https://export.arxiv.org/api/query",
    "arxiv_rss": "https://rss.arxiv.org/rss",
    "hf_api": "https://huggingface.co/api",
    "openalex": "https://api.openalex.org",
}
"""The public services: the arXiv export API, arXiv's RSS, the Hugging Face Hub API, OpenAlex."""

_URL = re.compile(r"https?://\S+")

ENV_VARS: Mapping[str, str] = {
    "arxiv_api": "QUARTERDECK_ARXIV_API_URL",
    "arxiv_rss": "QUARTERDECK_ARXIV_RSS_URL",
    "hf_api": "QUARTERDECK_HF_API_URL",
    "openalex": "QUARTERDECK_OPENALEX_URL",
}


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The base URL of each service, without a trailing slash."""

    arxiv_api: str = DEFAULTS["arxiv_api"]
    arxiv_rss: str = DEFAULTS["arxiv_rss"]
    hf_api: str = DEFAULTS["hf_api"]
    openalex: str = DEFAULTS["openalex"]


def resolve_endpoints(
    profile_endpoints: tuple[tuple[str, str], ...] = (), environ: Mapping[str, str] | None = None
) -> Endpoints:
    """Each service's base URL: environment variable, else the profile, else the public service."""
    env = os.environ if environ is None else environ
    chosen = dict(DEFAULTS)
    chosen.update(dict(profile_endpoints))
    for name, var in ENV_VARS.items():
        value = env.get(var, "").strip()
        if value:
            if not _URL.fullmatch(value):
                raise ConfigError(f"{var}={value!r} is not an http(s) URL")
            chosen[name] = value
    return Endpoints(**{name: url.rstrip("/") for name, url in chosen.items()})
