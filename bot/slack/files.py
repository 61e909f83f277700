"""Files in and out of Slack. In: a file attached to a message, for an import: `files.info` first (its name and size
are checked before anything is downloaded), then its private URL downloaded with the workspace's bot token. Out: an
export sent to one person, uploaded into their direct message with the bot (files upload v2)."""

from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.records.document import MAX_NOTES_BYTES, size
from bot.core.records.exports import ExportFile

log = logging.getLogger(__name__)

IMPORTABLE = (".txt", ".md", ".markdown", ".html", ".htm")
DOWNLOAD_TIMEOUT = 10.0  # seconds; nobody waits on an HTTP answer (this runs after the ack), but a person waits
AGAIN = "Please try again in a minute; nothing was recorded."


class Unfetchable(Exception):
    """Why an attached file cannot be read; `str()` is the sentence to show its importer."""


@dataclass(frozen=True)
class Fetched:
    name: str
    data: bytes


def fetch(client: WebClient, file_id: str) -> Fetched:
    """The file's name and bytes; Unfetchable when it is not one to import, too big, or Slack will not give it."""
    try:
        info: dict[str, Any] = client.files_info(file=file_id)["file"]
    except SlackApiError as error:
        log.warning("files.info %s: %s", file_id, error.response.get("error"))
        raise Unfetchable(f"Slack would not show me that file ({error.response.get('error')}). {AGAIN}") from None
    except OSError as error:
        log.warning("files.info %s: %s", file_id, type(error).__name__)
        raise Unfetchable(f"I could not reach Slack to read that file. {AGAIN}") from None
    name = str(info.get("name") or info.get("title") or file_id)
    if not name.lower().endswith(IMPORTABLE):
        raise Unfetchable(
            f"“{name}” is not a file I import: attach the minutes as a .txt, .md or .html file, or paste them into "
            "a message. Nothing was recorded."
        )
    if int(info.get("size") or 0) > MAX_NOTES_BYTES:  # Slack's word, before a byte is downloaded
        raise Unfetchable(
            f"“{name}” is {size(int(info['size']))}; I import minutes up to {size(MAX_NOTES_BYTES)}. Nothing was "
            "recorded."
        )
    url = str(info.get("url_private") or "")
    if not _slacks(url, client.base_url):
        log.warning("file %s: its url_private is not on Slack's host; not sending the token there", file_id)
        raise Unfetchable(f"Slack gave me no address I trust for “{name}”. Nothing was recorded.")
    return Fetched(name, _download(url, str(client.token), name))


class _Stay(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: the bot token in the request must not go wherever one points. Slack answers a token it
    does not accept (or one without files:read) by sending it to sign in."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_Stay)


def _download(url: str, token: str, name: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with _opener.open(request, timeout=DOWNLOAD_TIMEOUT) as answer:
            # one byte more than minutes may have: the importer then says the file is too big, without reading it all
            return bytes(answer.read(MAX_NOTES_BYTES + 1))
    except urllib.error.HTTPError as error:
        log.warning("downloading %s: HTTP %s", name, error.code)
        if 300 <= error.code < 400:
            raise Unfetchable(
                f"Slack sent me to sign in instead of handing me “{name}”: the app may lack the files:read scope "
                "(an admin can reinstall it from its manifest). Nothing was recorded."
            ) from None
        raise Unfetchable(f"Slack did not hand me “{name}” (HTTP {error.code}). {AGAIN}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:  # refused, dropped, timed out
        log.warning("downloading %s: %s", name, getattr(error, "reason", None) or type(error).__name__)
        raise Unfetchable(
            f"Downloading “{name}” from Slack failed (the connection broke or timed out). {AGAIN}"
        ) from None


def _slacks(url: str, api_url: str) -> bool:
    """Whether the file's address is on the Web API's host or one of its subdomains (files.slack.com for slack.com,
    GovSlack's own, a test server), over the same scheme."""
    file, api = urlsplit(url), urlsplit(api_url)
    host, api_host = (file.hostname or "").lower(), (api.hostname or "").lower()
    return bool(host) and file.scheme == api.scheme and (host == api_host or host.endswith("." + api_host))


def send_file(client: WebClient, user_id: str, file: ExportFile, comment: str) -> None:
    """Uploads the file into the person's direct message with the bot; raises what Slack or the network raised."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel, filename=file.name, content=file.content, title=file.title, initial_comment=comment
    )
