"""A fake Slack Web API on a local ephemeral port: records calls, answers like Slack, fails on demand."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Json = dict[str, Any]


@dataclass
class Call:
    """One request the fake received."""

    method: str  # "chat.postMessage"; "response_url" for posts to FakeSlack.response_url
    args: dict[str, Any]  # query string, form or JSON body, as sent (form values stay strings)
    token: str | None  # bearer token from the Authorization header (or a `token` argument)
    name: str = ""  # a post to a response_url: the name it was made with (FakeSlack.response_url(name))

    def decoded(self, name: str, default: Any = None) -> Any:
        """An argument with JSON text decoded (forms carry `blocks`, `view`, `attachments` as JSON text)."""
        value = self.args.get(name, default)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            return json.loads(value)
        return value

    def lines(self) -> list[str]:
        """What the message (or view) shows, line by line: see `shown`."""
        blocks = self.decoded("blocks") or (self.decoded("view") or {}).get("blocks") or []
        return shown(blocks)


def shown(blocks: list[Json]) -> list[str]:
    """Blocks as the lines a reader sees, in Slack's own markup: a header, each line of a section's text, and
    each button as "[label]"."""
    lines: list[str] = []
    for block in blocks:
        if block["type"] == "header":
            lines.append(block["text"]["text"])
        elif block["type"] == "section":
            lines += block["text"]["text"].split("\n")
        elif block["type"] == "actions":
            lines += [f"[{e['text']['text']}]" for e in block["elements"]]
        elif block["type"] == "context":
            lines += [e.get("text", "") for e in block["elements"]]
    return lines


@dataclass
class _Failure:
    status: int
    error: str | None
    retry_after: int | None
    drop: bool
    done: bool = False  # the call is carried out before the connection drops: the answer is what is lost


def member(
    user_id: str,
    name: str,
    *,
    real_name: str | None = None,
    tz: str = "Europe/London",
    team_id: str = "T1",
    is_admin: bool = False,
    is_bot: bool = False,
    deleted: bool = False,
) -> dict[str, Any]:
    """A member object shaped as users.list and users.info return it."""
    real = real_name or name.title()
    profile = {"real_name": real, "display_name": name, "first_name": real.split()[0], "team": team_id}
    return {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "deleted": deleted,
        "is_admin": is_admin,
        "is_bot": is_bot,
        "tz": tz,
        "real_name": real,
        "profile": profile,
    }


class FakeSlack:
    """Run with `with FakeSlack(users=[...]) as slack:` and point `WebClient(base_url=slack.url)` at it."""

    def __init__(
        self,
        *,
        team_id: str = "T1",
        users: list[dict[str, Any]] | None = None,
        bot_user_id: str = "UBOT",
        channels: dict[str, str] | None = None,
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = "B" + bot_user_id.removeprefix("U")
        self.users = list(users or [])
        self.channels = dict(channels or {})  # channel id -> name, for conversations.info
        self.installs: dict[str, Json] = {}  # an OAuth code or refresh token -> what oauth.v2.access answers
        self._rotations = itertools.count(1)
        self.private_channels: dict[str, bool] = {}  # a private channel's id -> whether the bot is in it
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._slow: dict[str, float] = {}  # method -> seconds each call takes before it is answered
        self._last_ts = 0  # microseconds of the last ts given: real time, always increasing, as Slack's
        self._messages: dict[str, list[Json]] = defaultdict(list)  # channel -> messages posted, oldest first
        self._view_ids = itertools.count(1)
        self.tokens = {"xoxb-test"}  # bot tokens that may download a file (installs' tokens are added as made)
        self._files: dict[str, Json] = {}  # file id -> what files.info shows, and its "content"
        self._file_ids = itertools.count(1)
        self._uploads: dict[str, Json] = {}  # file id -> a files upload v2 in progress (name, length, content)
        self._shared: list[Json] = []  # files completed with files.completeUploadExternal, oldest first
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle

    def start(self) -> FakeSlack:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL for `WebClient(base_url=...)`, ending in /api/."""
        return f"{self._origin()}/api/"

    def response_url(self, name: str = "1") -> str:
        """A response_url for commands and actions; posts to it are recorded as method "response_url"."""
        return f"{self._origin()}/response/{name}"

    def _origin(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # ---- what tests look at and arrange

    @property
    def calls(self) -> list[Call]:
        """Every call so far, in order (a snapshot)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        drop: bool = False,
        times: int = 1,
        answer_lost: bool = False,
    ) -> None:
        """Make the next `times` calls to `method` fail: HTTP 429 with Retry-After when `retry_after` is set,
        HTTP `status` (500, 503 ...), `{"ok": false, "error": error}` with 200, or a dropped connection; with
        `answer_lost` the call is carried out (a post is posted) and then the connection drops or `status` comes
        back, as when Slack did the work but its answer never arrived."""
        if retry_after is not None and status == 200:
            status = 429
        if answer_lost and status == 200:
            drop = True
        if status == 200 and error is None and not drop:
            raise ValueError("say how to fail: status, error, retry_after or drop")
        with self._lock:
            self._failures[method].extend(_Failure(status, error, retry_after, drop, answer_lost) for _ in range(times))

    def slow(self, method: str, seconds: float) -> None:
        """Every call to `method` takes `seconds` before Slack does it and answers (0: fast again)."""
        with self._lock:
            self._slow[method] = seconds

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._failures.clear()
            self._messages.clear()
            self._slow.clear()
            self._uploads.clear()
            self._shared.clear()

    def messages(self, channel: str | None = None) -> list[Json]:
        """Messages posted and still there (in `channel`, or everywhere), oldest first, each with its
        `channel`, `ts`, `text`, `blocks` and `metadata` as Slack keeps them."""
        with self._lock:
            channels = [channel] if channel is not None else list(self._messages)
            return [dict(m) for c in channels for m in self._messages.get(c, [])]

    def add_file(
        self, name: str, content: bytes, *, mimetype: str = "text/plain", size: int | None = None, title: str = ""
    ) -> Json:
        """A file someone shared, as a message's `files` list carries it; files.info tells `size` (the content's
        unless given: Slack's word, which the bot should trust before downloading) and its url_private, where the
        content is served to a bearer of a bot token in `tokens`."""
        with self._lock:
            file_id = f"F{next(self._file_ids):06d}"
            url = f"{self._origin()}/files-pri/{self.team_id}-{file_id}/{name}"
            info: Json = {
                "id": file_id,
                "name": name,
                "title": title or name,
                "mimetype": mimetype,
                "filetype": name.rpartition(".")[2] if "." in name else "binary",
                "size": len(content) if size is None else size,
                "url_private": url,
                "url_private_download": url + "?download=1",
                "user": "U1",
            }
            self._files[file_id] = {**info, "content": content}
        return info

    def shared_files(self) -> list[Json]:
        """Files uploaded (files upload v2) and completed, oldest first: `name`, `title`, `channel`, `content`
        (the bytes as received), `initial_comment`."""
        with self._lock:
            return [dict(f) for f in self._shared]

    # ---- request handling (called from server threads)

    def _record(self, call: Call) -> _Failure | None:
        with self._lock:
            self._calls.append(call)
            pending = self._failures.get(call.method)
            delay = self._slow.get(call.method, 0.0)
            failure = pending.popleft() if pending else None
        if delay:
            time.sleep(delay)
        return failure

    def _answer(self, call: Call) -> Json:
        handler = getattr(self, "_api_" + call.method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        answer: Json = handler(call.args)
        return answer

    def _next_ts(self) -> str:
        with self._lock:
            micros = self._last_ts = max(time.time_ns() // 1000, self._last_ts + 100)
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _user(self, user_id: str) -> dict[str, Any] | None:
        return next((user for user in self.users if user["id"] == user_id), None)

    def _dm_channel(self, channel: str) -> str:
        return "D" + channel if channel[:1] in ("U", "W") else channel

    # ---- the Web API methods, each taking the call's args

    def add_install(
        self,
        code: str,
        team_id: str | None,
        token: str,
        *,
        enterprise_id: str | None = None,
        refresh_token: str | None = None,
        expires_in: int | None = None,
    ) -> None:
        """What `oauth.v2.access` answers for `code`: the bot token of an install in `team_id` (None with an
        `enterprise_id`: an Enterprise Grid organisation-wide install), rotating when `refresh_token` is given."""
        answer: Json = {
            "ok": True,
            "app_id": "A1",
            "authed_user": {"id": "U1"},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": team_id, "name": f"Team {team_id}"} if team_id else None,
            "enterprise": {"id": enterprise_id, "name": f"Org {enterprise_id}"} if enterprise_id else None,
            "is_enterprise_install": team_id is None,
        }
        if refresh_token is not None:
            answer |= {"refresh_token": refresh_token, "expires_in": expires_in or 43200}
        with self._lock:
            self.tokens.add(token)
            self.installs[code] = answer
            if refresh_token is not None:
                self.installs[refresh_token] = answer

    def _api_oauth_v2_access(self, args: Json) -> Json:
        """An install's code exchanged for its token; a refresh token for the next token (token rotation)."""
        if args.get("grant_type") == "refresh_token":
            with self._lock:
                found = self.installs.pop(str(args.get("refresh_token")), None)
                if found is None:
                    return {"ok": False, "error": "invalid_refresh_token"}
                turn = next(self._rotations)
                rotated = found | {"access_token": f"{found['access_token']}-r{turn}", "refresh_token": f"xoxe-r{turn}"}
                self.installs[rotated["refresh_token"]] = rotated
                self.tokens.add(rotated["access_token"])
            return rotated
        return self.installs.get(str(args.get("code")), {"ok": False, "error": "invalid_code"})

    def _api_auth_test(self, args: Json) -> Json:
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "steerbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _api_team_info(self, args: Json) -> Json:
        return {"ok": True, "team": {"id": self.team_id, "name": "Example", "domain": "example"}}

    def _api_users_info(self, args: Json) -> Json:
        user = self._user(str(args.get("user", "")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _api_users_list(self, args: Json) -> Json:
        cursor = str(args.get("cursor") or "")
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0
        except ValueError:
            return {"ok": False, "error": "invalid_cursor"}
        limit = int(args.get("limit") or 0) or len(self.users)
        end = start + limit
        next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(self.users) else ""
        return {
            "ok": True,
            "members": self.users[start:end],
            "cache_ts": 1_700_000_000,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _api_conversations_open(self, args: Json) -> Json:
        if args.get("channel"):
            return {"ok": True, "channel": {"id": args["channel"]}}
        user_ids = [u for u in str(args.get("users", "")).split(",") if u]
        if not user_ids:
            return {"ok": False, "error": "users_list_not_supplied"}
        if any(self._user(u) is None for u in user_ids):
            return {"ok": False, "error": "user_not_found"}
        channel = "D" + user_ids[0] if len(user_ids) == 1 else "G" + "".join(sorted(user_ids))
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel}}

    def _api_conversations_info(self, args: Json) -> Json:
        channel = str(args.get("channel", ""))
        if channel in self.private_channels and not self.private_channels[channel]:
            return {
                "ok": False,
                "error": "channel_not_found",
            }  # as Slack answers for a private channel the bot is not in
        name = self.channels.get(channel, "general")
        info: Json = {"id": channel, "name": name, "is_channel": True, "is_im": False, "is_member": False}
        if channel in self.private_channels:
            info |= {"is_private": True, "is_member": True}
        if channel.startswith("D"):
            info = {"id": channel, "is_im": True, "user": channel[1:]}
        return {"ok": True, "channel": info}

    def _api_chat_postMessage(self, args: Json) -> Json:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "ts": ts,
            "text": args.get("text", ""),
            **({"blocks": args["blocks"]} if "blocks" in args else {}),
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        metadata = _decoded(args.get("metadata"))
        if metadata:
            message["metadata"] = metadata
        channel = self._dm_channel(str(args["channel"]))
        with self._lock:
            self._messages[channel].append({**message, "channel": channel})
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _api_chat_update(self, args: Json) -> Json:
        if not args.get("channel") or not args.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        message = {"text": args.get("text", ""), **({"blocks": args["blocks"]} if "blocks" in args else {})}
        channel, ts = args["channel"], args["ts"]
        with self._lock:
            for kept in self._messages.get(channel, []):
                if kept["ts"] == ts:
                    kept.update(message)
        return {"ok": True, "channel": channel, "ts": ts, "text": message["text"], "message": message}

    def _api_conversations_history(self, args: Json) -> Json:
        """Newest first, between `oldest` and `latest` (exclusive unless `inclusive`), `limit` a page (cursors as
        users.list's); each message's `metadata` only with `include_all_metadata`."""
        channel = str(args.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or 0) or float("inf")
        with self._lock:
            kept = [dict(m) for m in reversed(self._messages.get(channel, []))]
        window = [
            m for m in kept if (oldest <= float(m["ts"]) <= latest if inclusive else oldest < float(m["ts"]) < latest)
        ]
        cursor = str(args.get("cursor") or "")
        start = int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0
        end = start + (int(args.get("limit") or 0) or 100)
        metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        page = [{k: v for k, v in m.items() if k != "channel" and (metadata or k != "metadata")} for m in window]
        more = end < len(window)
        return {
            "ok": True,
            "messages": page[start:end],
            "has_more": more,
            "response_metadata": {"next_cursor": base64.b64encode(f"offset:{end}".encode()).decode() if more else ""},
        }

    def _api_chat_postEphemeral(self, args: Json) -> Json:
        if not args.get("channel") or not args.get("user"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _api_chat_getPermalink(self, args: Json) -> Json:
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        permalink = f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": permalink}

    def _api_files_info(self, args: Json) -> Json:
        with self._lock:
            found = self._files.get(str(args.get("file", "")))
        if found is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": {k: v for k, v in found.items() if k != "content"}}

    def _api_files_getUploadURLExternal(self, args: Json) -> Json:
        """Step 1 of files upload v2: where to POST the bytes (this fake's /upload/ route)."""
        name, length = str(args.get("filename") or ""), str(args.get("length") or "")
        if not name or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            file_id = f"F{next(self._file_ids):06d}"
            self._uploads[file_id] = {"name": name, "length": int(length), "content": None}
        return {"ok": True, "upload_url": f"{self._origin()}/upload/v1/{file_id}", "file_id": file_id}

    def _api_files_completeUploadExternal(self, args: Json) -> Json:
        """Step 3: the uploaded files shared in `channel_id` (recorded with their bytes for `shared_files`)."""
        wanted = _decoded(args.get("files")) or []
        with self._lock:
            uploads = [(f, self._uploads.get(str(f.get("id")))) for f in wanted]
            if not uploads or any(u is None or u["content"] is None for _, u in uploads):
                return {"ok": False, "error": "file_not_found"}  # never uploaded (step 2 failed or was skipped)
            done = []
            for asked, upload in uploads:
                assert upload is not None
                shared = {
                    "id": asked["id"],
                    "name": upload["name"],
                    "title": asked.get("title") or upload["name"],
                    "channel": args.get("channel_id"),
                    "content": upload["content"],
                    "initial_comment": args.get("initial_comment"),
                }
                self._shared.append(shared)
                done.append({k: v for k, v in shared.items() if k != "content"})
        return {"ok": True, "files": done}

    def _serve_file(self, file_id: str, body: bytes, token: str | None) -> tuple[int, bytes, dict[str, str]]:
        """GET url_private: the content to a bot token Slack knows; anyone else is sent to sign in, as Slack does."""
        with self._lock:
            found = self._files.get(file_id)
            known = token in self.tokens
        if not known:
            return 302, b"", {"Location": "https://example.slack.com/?redir=%2Ffiles-pri%2F"}
        if found is None:
            return 404, b"file not found", {"Content-Type": "text/plain"}
        return 200, found["content"], {"Content-Type": found["mimetype"]}

    def _receive_upload(self, file_id: str, content: bytes, token: str | None) -> tuple[int, bytes, dict[str, str]]:
        """POST to an upload_url: the bytes kept for files.completeUploadExternal."""
        with self._lock:
            upload = self._uploads.get(file_id)
            if upload is None:
                return 404, b"upload not found", {"Content-Type": "text/plain"}
            upload["content"] = content
        return 200, f"OK - {len(content)}".encode(), {"Content-Type": "text/plain"}

    def _view(self, args: Json, view_id: str | None = None) -> Json:
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else dict(view or {})
        with self._lock:
            view_id = view_id or f"V{next(self._view_ids):06d}"
        return {"ok": True, "view": {**view, "id": view_id, "team_id": self.team_id, "hash": f"h.{view_id}"}}

    def _api_views_open(self, args: Json) -> Json:
        return self._view(args)

    def _api_views_update(self, args: Json) -> Json:
        return self._view(args, args.get("view_id") or None)

    def _api_views_publish(self, args: Json) -> Json:
        return self._view(args)


def _decoded(value: Any) -> Any:
    """JSON text (a form's field) decoded; anything else as it is."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return json.loads(value)
    return value


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_POST(self) -> None:
        fake: FakeSlack = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""  # read it all, so a drop is a clean close
        auth = self.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        if url.path.startswith(("/files-pri/", "/upload/v1/")):
            self._file(fake, url.path, body, token)  # raw bytes, not a form
            return
        args: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        if self.headers.get_content_type() == "application/json" and body:
            args.update(json.loads(body))
        elif body:
            args.update(parse_qsl(body.decode(), keep_blank_values=True))
        token = token or args.get("token")
        if url.path.startswith("/response/"):
            fake._record(Call("response_url", args, None, url.path.removeprefix("/response/")))
            self._send(200, {"ok": True})
            return
        call = Call(url.path.removeprefix("/api/"), args, token)
        failure = fake._record(call)
        if failure is not None and failure.done:
            fake._answer(call)  # done; the answer is lost below
        if failure is None:
            self._send(200, fake._answer(call))
        else:
            self._fail(failure)

    def _file(self, fake: FakeSlack, path: str, body: bytes, token: str | None) -> None:
        """A file's url_private (GET, recorded as method "url_private") or an upload_url (POST, "upload"), failing
        like the Web API's methods when told to."""
        method = "url_private" if path.startswith("/files-pri/") else "upload"
        file_id = path.split("/")[3] if method == "upload" else path.split("/")[2].rpartition("-")[2]
        failure = fake._record(Call(method, {"file": file_id, "length": len(body)}, token))
        if failure is None or failure.done:  # done: the work is carried out, and its answer is lost below
            serve = fake._serve_file if method == "url_private" else fake._receive_upload
            status, data, headers = serve(file_id, body, token)
            if failure is None:
                self._send_bytes(status, data, headers)
                return
        assert failure is not None
        self._fail(failure)

    def _fail(self, failure: _Failure) -> None:
        if failure.drop:
            self.close_connection = True  # no status line, no headers: the client sees the socket close
        elif failure.status == 200:
            self._send(200, {"ok": False, "error": failure.error})
        else:
            error = failure.error or ("ratelimited" if failure.status == 429 else "fatal_error")
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            self._send(failure.status, {"ok": False, "error": error}, extra)

    do_GET = do_POST

    def _send(self, status: int, answer: Json, headers: dict[str, str] | None = None) -> None:
        json_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        self._send_bytes(status, json.dumps(answer).encode(), json_headers)

    def _send_bytes(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (enough of a file, a timeout)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass
