"""Files shared in Slack, fetched with the bot's token: `files.info`, then `url_private` streamed to disk.

The bot token goes only to Slack's own file hosts (or to the host of SLACK_API_URL, where tests run
their fake): a `url_private` pointing anywhere else is refused rather than handed our token, and so
is every redirect — they are followed by hand, at most MAX_REDIRECTS, each hop checked before it is
requested. The size Slack announces is checked before downloading and the bytes are counted while
streaming, so a file over the limit never fills the disk.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

__all__ = ["MAX_REDIRECTS", "SlackFile", "SlackFileError", "download", "file_id_from", "file_info"]

logger = logging.getLogger(__name__)

# A permalink (…/files/U…/F…/name) or a url_private (…/files-pri/T…-F…/name): the segment that is the id.
_FILE_ID = re.compile(r"(?:^|/|-)(F[A-Z0-9]{6,})(?:/|$)")
_SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")
_CHUNK = 1 << 20
_REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 3
_TIMEOUT = 60


class SlackFileError(Exception):
    """The file cannot be had; `code` says why: not_found, external, unsupported, too_big,
    download_failed."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class SlackFile:
    id: str
    name: str
    size: int
    url_private: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> SlackFile:
        return cls(
            id=str(data.get("id", "")),
            name=str(data.get("name") or data.get("title") or data.get("id") or "document"),
            size=int(data.get("size") or 0),
            url_private=str(data.get("url_private_download") or data.get("url_private") or ""),
        )


def file_id_from(text: str) -> str | None:
    """The file id in a Slack file permalink (…/files/U123/F0ABC123/name.pdf) or a bare `F…` id."""
    text = text.strip().strip("<>").split("|", 1)[0]
    if re.fullmatch(r"F[A-Z0-9]{6,}", text):
        return text
    found = _FILE_ID.search(urlparse(text).path) if text.startswith(("http://", "https://")) else None
    return found.group(1) if found else None


def file_info(client: WebClient, file_id: str) -> SlackFile:
    try:
        response = client.files_info(file=file_id)
    except SlackApiError as exc:
        raise SlackFileError("not_found", error=exc.response.get("error", "unknown_error")) from exc
    data = response.get("file") or {}
    if data.get("is_external") or data.get("mode") in ("external", "snippet", "post", "hidden_by_limit"):
        raise SlackFileError("external", name=str(data.get("name") or file_id))
    file = SlackFile.from_api(data)
    if not file.url_private:
        raise SlackFileError("external", name=file.name)
    return file


def _safe_name(name: str) -> str:
    """The file's own name, without any folder part or character a file system might refuse."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[\x00-\x1f/:*?\"<>|]+", "_", base).strip(" .")
    return cleaned[:150] or "document"


def _trusted(url: str, api_url: str) -> bool:
    """Slack's file hosts, or the host our Web API calls go to (the same party holds the token)."""
    target, api = urlparse(url), urlparse(api_url)
    if target.scheme == "https" and (target.hostname or "") in _SLACK_FILE_HOSTS:
        return True
    return (target.scheme, target.hostname, target.port) == (api.scheme, api.hostname, api.port)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect anywhere; here a 3xx comes back as an HTTPError instead."""

    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _open(file: SlackFile, token: str, api_url: str) -> Any:
    """The response for `file.url_private`, its redirects followed by hand: each hop must be one of
    Slack's hosts before the token is sent to it, and there are at most MAX_REDIRECTS."""
    url = file.url_private
    for _ in range(MAX_REDIRECTS + 1):
        if not _trusted(url, api_url):  # the token is not sent there
            raise SlackFileError("download_failed", name=file.name, error="untrusted host")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        try:
            return _OPENER.open(request, timeout=_TIMEOUT)
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.code in _REDIRECTS else None
            exc.close()
            if not location:
                raise
            url = urljoin(url, location)
    raise SlackFileError("download_failed", name=file.name, error="too many redirects")


def download(file: SlackFile, folder: Path, *, token: str, api_url: str, max_bytes: int) -> Path:
    """`file` saved as `folder/<its name>`; SlackFileError when it is too big or cannot be fetched."""
    if file.size > max_bytes:
        raise SlackFileError("too_big", name=file.name, size=file.size)
    target = folder / _safe_name(file.name)
    try:
        with _open(file, token, api_url) as response, target.open("wb") as out:
            if "text/html" in response.headers.get("Content-Type", "") and not file.name.lower().endswith(
                (".html", ".htm")
            ):
                # Slack answers its sign-in page, not the file, when the token lacks files:read.
                raise SlackFileError("download_failed", name=file.name, error="sign-in page")
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise SlackFileError("too_big", name=file.name, size=received)
                out.write(chunk)
    except (urllib.error.URLError, OSError) as exc:
        target.unlink(missing_ok=True)
        logger.warning("download of file %s failed: %s", file.id, type(exc).__name__)
        raise SlackFileError("download_failed", name=file.name, error=type(exc).__name__) from exc
    except SlackFileError as exc:
        target.unlink(missing_ok=True)
        logger.warning("download of file %s refused: %s %s", file.id, exc.code, exc.values.get("error", ""))
        raise
    return target
