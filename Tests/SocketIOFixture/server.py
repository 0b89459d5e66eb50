#!/usr/bin/env python3
"""TEST FIXTURE ONLY: a real Socket.IO server (python-socketio, Socket.IO v5 over
Engine.IO v4) that behaves like the deployed `socketio`-dialect support-chat servers
described in shared/PROTOCOLS.md section 3 (seeds 002 and 004), including their
observed quirks. Integration tests start it as a child process; see README.md.

Who receives what: every user who has ever sent `register` is an agent who sees every
conversation (one shared inbox). Events go only to registered sockets; `new_message`
for an agent with no registered socket is parked in that agent's offline queue.
"""

import argparse
import asyncio
import base64
import collections
import dataclasses
import datetime
import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import sqlite3
import sys
import threading
import time
import urllib.parse
import uuid

import socketio
from aiohttp import web

log = logging.getLogger("sio-fixture")

STATUSES = ("active", "closed", "pending")
NOTIFICATION_TYPES = ("info", "success", "warning", "error")
OFFLINE_QUEUE_MAX = 100  # per user, oldest dropped (seed 002's MessageQueue)
EVENT_LOG_MAX = 1000  # what /test/events can show
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


# ---------------------------------------------------------------- time ---------

def iso(ms):
    """`2025-11-18T14:01:02.123Z` for a Unix time in milliseconds."""
    seconds = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return seconds.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso(text):
    """Milliseconds since the epoch for an ISO 8601 string (naive means UTC), or None."""
    if not isinstance(text, str):
        return None
    try:
        dt = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return (dt - EPOCH) // datetime.timedelta(milliseconds=1)


class Clock:
    """Strictly increasing millisecond timestamps, shared by stored rows and
    syncTimestamps, so "stored strictly after syncTimestamp" never misses a row
    written in the same millisecond as the sync."""

    def __init__(self, not_before_ms=0):
        self._last = not_before_ms

    def now(self):
        self._last = max(int(time.time() * 1000), self._last + 1)
        return iso(self._last)


# ---------------------------------------------------------------- JWT ----------

class AuthError(Exception):
    """Its text is jsonwebtoken's wording, e.g. `jwt expired`."""


def _b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_jwt(token, secret):
    """Verifies an HS256 JWT the way jsonwebtoken's verify() does; returns the payload."""
    if token is None or token == "":
        raise AuthError("no token")
    if not isinstance(token, str):
        raise AuthError("jwt must be a string")
    parts = token.split(".")
    if len(parts) != 3:
        raise AuthError("jwt malformed")
    try:
        header, payload = json.loads(_b64url(parts[0])), json.loads(_b64url(parts[1]))
        signature = _b64url(parts[2])
    except ValueError:
        raise AuthError("jwt malformed") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise AuthError("jwt malformed")
    if not parts[2]:
        raise AuthError("jwt signature is required")
    if header.get("alg") != "HS256":
        raise AuthError("invalid algorithm")
    expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise AuthError("invalid signature")
    now = time.time()
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if isinstance(nbf, (int, float)) and now < nbf:
        raise AuthError("jwt not active")
    if exp is not None and not isinstance(exp, (int, float)):
        raise AuthError("invalid exp value")
    if exp is not None and now >= exp:
        raise AuthError("jwt expired")
    return payload


def sign_jwt(payload, secret):
    """HS256 JWT, for the /test/token hook."""
    enc = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    head = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = enc(json.dumps(payload).encode())
    sig = enc(hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


# ---------------------------------------------------------------- storage ------

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL, status TEXT NOT NULL, last_message_at TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  sender TEXT NOT NULL, sender_id TEXT NOT NULL, content TEXT NOT NULL,
  message_type TEXT NOT NULL, client_message_id TEXT, created_at TEXT NOT NULL,
  is_read INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS messages_by_time ON messages(created_at);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, seq);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL,
  message TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
"""
CONVERSATION_COLS = ("id, contact_id, contact_name, contact_phone, status, last_message_at,"
                     " unread_count, created_at, updated_at")
MESSAGE_COLS = "id, conversation_id, sender, sender_id, content, message_type, client_message_id, created_at"


class Store:
    """SQLite rows in the deployed servers' snake_case shapes. Messages are ordered by
    `seq`, which follows `created_at` because the clock is strictly increasing."""

    def __init__(self, path):
        self.db = sqlite3.connect(path or ":memory:", isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(SCHEMA)
        newest = self.db.execute(
            "SELECT MAX(t) FROM (SELECT MAX(created_at) t FROM messages"
            " UNION ALL SELECT MAX(updated_at) FROM conversations)").fetchone()[0]
        self.clock = Clock(parse_iso(newest) or 0)

    def _all(self, sql, *args):
        return [dict(row) for row in self.db.execute(sql, args)]

    def _one(self, sql, *args):
        rows = self._all(sql, *args)
        return rows[0] if rows else None

    def conversation(self, cid):
        return self._one(f"SELECT {CONVERSATION_COLS} FROM conversations WHERE id = ?", cid)

    def create_conversation(self, contact_name, contact_phone, contact_id=None, status="active", cid=None):
        now = self.clock.now()
        cid = cid or str(uuid.uuid4())
        self.db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?, NULL, 0, ?, ?)",
                        (cid, contact_id or str(uuid.uuid4()), contact_name, contact_phone, status, now, now))
        return self.conversation(cid)

    def conversations(self, limit, status=None, updated_after=None):
        where, args = [], []
        if status:
            where.append("status = ?"), args.append(status)
        if updated_after:
            where.append("updated_at > ?"), args.append(updated_after)
        sql = f"SELECT {CONVERSATION_COLS} FROM conversations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY COALESCE(last_message_at, created_at) DESC LIMIT ?"
        return self._all(sql, *args, limit)

    def set_status(self, cid, status):
        self.db.execute("UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?",
                        (status, self.clock.now(), cid))
        return self.conversation(cid)

    def add_message(self, cid, sender, sender_id, content, message_type, client_message_id):
        """Stores a message (never deduplicated) and updates its conversation."""
        mid, now = str(uuid.uuid4()), self.clock.now()
        self.db.execute(
            f"INSERT INTO messages ({MESSAGE_COLS}, is_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mid, cid, sender, sender_id, content, message_type, client_message_id, now,
             0 if sender == "contact" else 1))
        self.db.execute("UPDATE conversations SET last_message_at = ?, updated_at = ? WHERE id = ?",
                        (now, now, cid))
        self._recount_unread(cid)
        return self._one(f"SELECT {MESSAGE_COLS} FROM messages WHERE id = ?", mid)

    def _recount_unread(self, cid):
        self.db.execute("UPDATE conversations SET unread_count = (SELECT COUNT(*) FROM messages"
                        " WHERE conversation_id = ?1 AND is_read = 0) WHERE id = ?1", (cid,))

    def mark_read(self, cid, message_ids=None):
        """Marks the given (or all) messages read; returns the new unread count."""
        if message_ids is None:
            self.db.execute("UPDATE messages SET is_read = 1 WHERE conversation_id = ?", (cid,))
        else:
            self.db.executemany("UPDATE messages SET is_read = 1 WHERE conversation_id = ? AND id = ?",
                                [(cid, mid) for mid in message_ids])
        self._recount_unread(cid)
        self.db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (self.clock.now(), cid))
        return self.conversation(cid)["unread_count"]

    def messages_after(self, after, cap):
        """Oldest first, stored strictly after `after` (all if None), at most `cap`."""
        if after is None:
            return self._all(f"SELECT {MESSAGE_COLS} FROM messages ORDER BY seq LIMIT ?", cap)
        return self._all(f"SELECT {MESSAGE_COLS} FROM messages WHERE created_at > ? ORDER BY seq LIMIT ?",
                         after, cap)

    def history(self, cid, limit, before=None, after=None):
        """Oldest first. With `after`: the oldest `limit` newer than it (paging forward);
        otherwise the newest `limit` older than `before` (paging back)."""
        where, args = ["conversation_id = ?"], [cid]
        if before:
            where.append("created_at < ?"), args.append(before)
        if after:
            where.append("created_at > ?"), args.append(after)
        cond = " AND ".join(where)
        if after:
            return self._all(f"SELECT {MESSAGE_COLS} FROM messages WHERE {cond} ORDER BY seq LIMIT ?",
                             *args, limit)
        return self._all(f"SELECT {MESSAGE_COLS} FROM (SELECT * FROM messages WHERE {cond}"
                         " ORDER BY seq DESC LIMIT ?) ORDER BY seq", *args, limit)

    def all_messages(self, cid=None):
        if cid is None:
            return self._all(f"SELECT {MESSAGE_COLS} FROM messages ORDER BY seq")
        return self._all(f"SELECT {MESSAGE_COLS} FROM messages WHERE conversation_id = ? ORDER BY seq", cid)

    def add_notification(self, user_id, kind, title, message):
        nid, now = str(uuid.uuid4()), self.clock.now()
        self.db.execute("INSERT INTO notifications VALUES (?, ?, ?, ?, ?, 0, ?)",
                        (nid, user_id, kind, title, message, now))
        return {"id": nid, "user_id": user_id, "type": kind, "title": title, "message": message,
                "read": False, "created_at": now}


# ---------------------------------------------------------------- sockets ------

def envelope(kind, conv, msg=None):
    """Seed 002's WebSocketMessage (camelCase). For a conversation_update without a
    message (a status change, mark_read), messageId/content/messageType are null."""
    body = {
        "id": str(uuid.uuid4()), "type": kind, "conversationId": conv["id"],
        "contactId": conv["contact_id"], "contactName": conv["contact_name"],
        "contactPhone": conv["contact_phone"],
        "messageId": msg and msg["id"], "content": msg and msg["content"],
        "messageType": msg and msg["message_type"],
        "timestamp": msg["created_at"] if msg else conv["updated_at"],
        "acknowledgmentRequired": kind == "new_message",
    }
    if kind == "conversation_update":
        body["conversation"] = conv
    return body


class BadRequest(Exception):
    """A malformed client event: answered by an `error` event (and a failed ack)."""


@dataclasses.dataclass
class Delivery:
    envelope: dict
    acked: asyncio.Event
    task: asyncio.Task = None


class Hub:
    """Socket state: who is registered, offline queues, unacknowledged new_message."""

    def __init__(self, sio, store, opts):
        self.sio, self.store, self.opts = sio, store, opts
        self.subs = {}  # sid -> token `sub`, for every authenticated socket
        self.user_of = {}  # sid -> user id, registered sockets only
        self.sockets_of = collections.defaultdict(set)  # user id -> registered sids
        self.known_users = set()  # every user that ever registered: the agents
        self.offline = {}  # user id -> deque of (event, payload)
        self.pending = collections.defaultdict(dict)  # sid -> {messageId: Delivery}
        self.drop_acks = 0  # /test/drop-acks: send_message events left to not ack
        self.events = collections.deque(maxlen=EVENT_LOG_MAX)
        self.seq = 0
        self.tasks = set()

    def record(self, kind, sid=None, **data):
        self.seq += 1
        entry = {"seq": self.seq, "at": self.store.clock.now(), "kind": kind, "sid": sid,
                 "userId": self.user_of.get(sid) if sid else None, **data}
        text = json.dumps(entry, ensure_ascii=False, default=lambda o: f"<{type(o).__name__}>")
        if len(text) > 4096:  # keep the log small: drop big payloads
            entry["data"], text = f"<{len(text)} characters>", json.dumps(entry, default=str)
        self.events.append(json.loads(text))
        log.info("%s", text[:300])

    def spawn(self, coro):
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # -- delivery of new_message: ack or message_ack, resend, then park ------------

    async def fan_out(self, env, origin_sid=None):
        """new_message to every agent's registered sockets except the origin; agents
        with no registered socket get it in their offline queue."""
        for user in sorted(self.known_users):
            sids = self.sockets_of.get(user)
            if not sids:
                self.park(user, "new_message", env)
            for sid in sorted(sids or ()):
                if sid != origin_sid:
                    await self.deliver(sid, env)

    async def deliver(self, sid, env):
        """Sends now; a task resends every resend_interval until acknowledged, then parks."""
        if env["messageId"] in self.pending[sid]:
            return
        d, user = Delivery(env, asyncio.Event()), self.user_of[sid]
        self.pending[sid][env["messageId"]] = d
        await self._send(sid, d)
        if self.pending.get(sid, {}).get(env["messageId"]) is d:  # not yet acked nor parked
            d.task = self.spawn(self._resend_until_acked(sid, user, d))

    async def _send(self, sid, d):
        mid = d.envelope["messageId"]
        await self.sio.emit("new_message", d.envelope, to=sid,
                            callback=lambda *_: self.confirm(sid, mid, "packet_ack"))

    async def _resend_until_acked(self, sid, user, d):
        mid = d.envelope["messageId"]
        for attempt in range(1, self.opts.resend_attempts + 2):
            try:
                await asyncio.wait_for(d.acked.wait(), self.opts.resend_interval)
                return
            except asyncio.TimeoutError:
                pass
            if attempt <= self.opts.resend_attempts:
                self.record("resend", sid, messageId=mid, attempt=attempt)
                await self._send(sid, d)
        self.pending.get(sid, {}).pop(mid, None)
        self.park(user, "new_message", d.envelope)

    def confirm(self, sid, mid, how):
        d = self.pending.get(sid, {}).pop(mid, None)
        if d:
            d.acked.set()
            self.record("delivered", sid, messageId=mid, how=how)
        return d is not None

    def park(self, user, event, payload):
        queue = self.offline.setdefault(user, collections.deque(maxlen=OFFLINE_QUEUE_MAX))
        if event == "new_message" and any(p.get("messageId") == payload["messageId"] for _, p in queue):
            return
        queue.append((event, payload))
        self.record("parked", None, user=user, event=event, messageId=payload.get("messageId"))

    async def replay(self, sid, user, queued):
        await asyncio.sleep(0)  # after the register ack, which is already queued
        for event, payload in queued:
            if self.user_of.get(sid) != user:  # socket went away meanwhile
                self.park(user, event, payload)
            elif event == "new_message":
                await self.deliver(sid, payload)
            else:
                await self.sio.emit(event, payload, to=sid)

    # -- fan-out helpers -----------------------------------------------------------

    async def to_agents(self, event, payload, skip_sid=None):
        await self.sio.emit(event, payload, room="agents", skip_sid=skip_sid)

    async def conversation_changed(self, conv, msg=None, origin_sid=None):
        await self.to_agents("conversation_update", envelope("conversation_update", conv, msg), origin_sid)

    async def notify(self, user, row):
        sids = sorted(self.sockets_of.get(user, ()))
        if not sids:
            self.park(user, "notification", row)
        for sid in sids:
            await self.sio.emit("notification", row, to=sid)
        return len(sids)

    def disconnected(self, sid):
        user = self.user_of.pop(sid, None)
        self.subs.pop(sid, None)
        if user:
            self.sockets_of[user].discard(sid)
        for d in self.pending.pop(sid, {}).values():  # unconfirmed: park for next register
            if d.task:
                d.task.cancel()
            self.park(user, "new_message", d.envelope)

    def state(self):
        return {
            "registered": {u: sorted(s) for u, s in self.sockets_of.items() if s},
            "knownUsers": sorted(self.known_users),
            "offlineQueues": {u: [{"event": e, "messageId": p.get("messageId"), "id": p.get("id")}
                                  for e, p in q] for u, q in self.offline.items() if q},
            "pendingAcks": {sid: sorted(p) for sid, p in self.pending.items() if p},
            "dropAcks": self.drop_acks,
        }


def make_socketio(hub_ref, store, secret, opts):
    sio = socketio.AsyncServer(
        async_mode="aiohttp", cors_allowed_origins="*", async_handlers=False,
        ping_interval=opts.ping_interval, ping_timeout=opts.ping_timeout,
        max_http_buffer_size=opts.max_payload, logger=opts.verbose, engineio_logger=opts.verbose)

    def hub():
        return hub_ref[0]

    def require_user(sid):
        user = hub().user_of.get(sid)
        if user is None:
            raise BadRequest("Not registered: send register first")
        return user

    def field(data, name, kind, required=True):
        value = data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, kind) or (kind is str and not value):
            raise BadRequest(f"{name} must be a{' non-empty' if kind is str else ''} {kind.__name__}")
        return value

    def as_object(event, data):
        if not isinstance(data, dict):
            raise BadRequest(f"{event} expects an object")
        return data

    def handler(event):
        """Registers a handler; a BadRequest becomes an `error` event plus a failed ack."""
        def wrap(fn):
            async def run(sid, data=None, *_):
                hub().record("event", sid, name=event, data=data)
                try:
                    return await fn(sid, data)
                except BadRequest as e:
                    await sio.emit("error", {"message": str(e)}, to=sid)
                    return {"success": False, "error": str(e)}
            sio.on(event, run)
            return fn
        return wrap

    @sio.on("connect")
    async def connect(sid, environ, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if not token:
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            token = (query.get("token") or [None])[0]
        try:
            payload = verify_jwt(token, secret)
        except AuthError as e:
            hub().record("connect_error", sid, message=f"Authentication error: {e}")
            raise socketio.exceptions.ConnectionRefusedError(f"Authentication error: {e}")
        hub().subs[sid] = payload.get("sub")
        hub().record("connect", sid, sub=payload.get("sub"))

    @sio.on("disconnect")
    async def disconnect(sid, reason=None):
        hub().record("disconnect", sid, reason=str(reason))
        hub().disconnected(sid)

    @sio.on("*")
    async def unknown(event, sid, *_):
        hub().record("event", sid, name=event)
        await sio.emit("error", {"message": f"Unknown event: {event}"}, to=sid)
        return {"success": False, "error": f"Unknown event: {event}"}

    @handler("register")
    async def register(sid, data):
        h = hub()
        if not isinstance(data, str) or not data:
            raise BadRequest("register expects the user id (a string)")
        if data != h.subs.get(sid):
            return {"success": False, "error": "User id does not match token"}
        h.user_of[sid] = data
        h.sockets_of[data].add(sid)
        h.known_users.add(data)
        await sio.enter_room(sid, "agents")
        queued = list(h.offline.pop(data, ()))
        h.spawn(h.replay(sid, data, queued))
        return {"success": True, "userId": data, "socketId": sid, "queuedMessages": len(queued),
                "timestamp": store.clock.now()}

    @handler("sync_request")
    async def sync_request(sid, data):
        require_user(sid)
        data = as_object("sync_request", {} if data is None else data)
        last = data.get("lastSyncTimestamp")
        if last is not None and parse_iso(last) is None:
            raise BadRequest("lastSyncTimestamp must be an ISO 8601 timestamp")
        last = iso(parse_iso(last)) if last is not None else None
        sync_ts = store.clock.now()  # later than every row stored so far
        messages = store.messages_after(last, opts.sync_cap)
        conversations = store.conversations(1_000_000, updated_after=last)
        await sio.emit("sync_response", {"type": "sync_response", "conversations": conversations,
                                         "messages": messages, "syncTimestamp": sync_ts}, to=sid)
        return {"success": True, "syncTimestamp": sync_ts,
                "messageCount": len(messages), "conversationCount": len(conversations)}

    @handler("send_message")
    async def send_message(sid, data):
        h, user = hub(), require_user(sid)
        data = as_object("send_message", data)
        cid, content = field(data, "conversationId", str), field(data, "content", str)
        client_id = field(data, "clientMessageId", str, required=False)
        message_type = field(data, "messageType", str, required=False) or "text"
        conv = store.conversation(cid)
        if conv is None:
            return {"success": False, "error": "Conversation not found"}
        if conv["status"] == "closed":
            return {"success": False, "error": "Conversation is closed"}
        row = store.add_message(cid, "agent", user, content, message_type, client_id)
        conv = store.conversation(cid)
        await h.fan_out(envelope("new_message", conv, row), origin_sid=sid)
        await h.conversation_changed(conv, row, origin_sid=sid)
        if h.drop_acks > 0:  # test hook: stored and delivered, but the ack is "lost"
            h.drop_acks -= 1
            h.record("ack_dropped", sid, messageId=row["id"])
            return sio.not_handled
        return {"success": True, "message": row}

    @handler("message_ack")
    async def message_ack(sid, data):
        require_user(sid)
        mid = field(as_object("message_ack", data), "messageId", str)
        return {"success": hub().confirm(sid, mid, "message_ack")}

    @handler("typing")
    async def typing(sid, data):
        user = require_user(sid)
        data = as_object("typing", data)
        cid, is_typing = field(data, "conversationId", str), field(data, "isTyping", bool)
        if store.conversation(cid) is None:
            raise BadRequest("Conversation not found")
        await hub().to_agents("typing", {"conversationId": cid, "userId": user, "isTyping": is_typing},
                              skip_sid=sid)

    @handler("mark_read")
    async def mark_read(sid, data):
        require_user(sid)
        data = as_object("mark_read", data)
        cid = field(data, "conversationId", str)
        ids = field(data, "messageIds", list, required=False)
        if ids is not None and not all(isinstance(i, str) for i in ids):
            raise BadRequest("messageIds must be a list of strings")
        if store.conversation(cid) is None:
            return {"success": False, "error": "Conversation not found"}
        unread = store.mark_read(cid, ids)
        await hub().conversation_changed(store.conversation(cid), origin_sid=sid)
        return {"success": True, "conversationId": cid, "unreadCount": unread}

    return sio


# ---------------------------------------------------------------- HTTP ---------

class ApiError(Exception):
    def __init__(self, status, text):
        super().__init__(text)
        self.status = status


def make_app(sio, hub, store, secret):
    @web.middleware
    async def errors(request, handler):
        """Express-style `{"error": text}` bodies; test hooks answer loopback only."""
        if request.path.startswith("/socket.io"):
            return await handler(request)
        try:
            if request.path.startswith("/test/") and not is_loopback(request.remote):
                raise ApiError(403, "Test hooks answer loopback clients only")
            return await handler(request)
        except ApiError as e:
            return web.json_response({"error": str(e)}, status=e.status)
        except web.HTTPException as e:
            return web.json_response({"error": e.reason}, status=e.status)

    app = web.Application(middlewares=[errors])
    sio.attach(app, socketio_path="socket.io")

    def authenticate(request):
        header = request.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else None
        try:
            return verify_jwt(token, secret)
        except AuthError as e:
            raise ApiError(401, f"Authentication error: {e}") from None

    async def body(request):
        if not request.can_read_body:
            return {}
        try:
            data = await request.json()
        except ValueError:
            raise ApiError(400, "Invalid JSON body") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Body must be a JSON object")
        return data

    def int_param(request, name, default, low, high):
        raw = request.query.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ApiError(400, f"{name} must be an integer between {low} and {high}")
        return int(raw)

    def time_param(request, name):
        raw = request.query.get(name)
        if raw is None:
            return None
        ms = parse_iso(raw)
        if ms is None:
            raise ApiError(400, f"{name} must be an ISO 8601 timestamp")
        return iso(ms)

    def conversation_or_404(cid):
        conv = store.conversation(cid)
        if conv is None:
            raise ApiError(404, "Conversation not found")
        return conv

    def status_value(value):
        if value not in STATUSES:
            raise ApiError(400, f"status must be one of {', '.join(STATUSES)}")
        return value

    routes = web.RouteTableDef()

    @routes.get("/api/conversations")
    async def list_conversations(request):
        authenticate(request)
        status = request.query.get("status")
        limit = int_param(request, "limit", 50, 1, 100)
        return web.json_response(store.conversations(limit, status_value(status) if status else None))

    @routes.get("/api/conversations/{id}")
    async def get_conversation(request):
        authenticate(request)
        return web.json_response(conversation_or_404(request.match_info["id"]))

    @routes.get("/api/conversations/{id}/messages")
    async def list_messages(request):
        authenticate(request)
        conv = conversation_or_404(request.match_info["id"])
        limit = int_param(request, "limit", 50, 1, 1000)
        return web.json_response(store.history(conv["id"], limit, time_param(request, "before"),
                                               time_param(request, "after")))

    @routes.patch("/api/conversations/{id}")
    async def patch_conversation(request):
        authenticate(request)
        conv = conversation_or_404(request.match_info["id"])
        data = await body(request)
        if "status" not in data:
            raise ApiError(400, "status is required")
        conv = store.set_status(conv["id"], status_value(data["status"]))
        await hub.conversation_changed(conv)
        return web.json_response(conv)

    # ---- TEST-ONLY hooks: no auth, loopback clients only (see README.md) ----

    @routes.post("/test/conversations")
    async def test_create_conversation(request):
        data = await body(request)
        conv = store.create_conversation(
            str(data.get("contactName") or "Test Contact"), str(data.get("contactPhone") or "+5511999990000"),
            data.get("contactId"), status_value(data.get("status", "active")), data.get("id"))
        return web.json_response(conv, status=201)

    @routes.post("/test/inbound")
    async def test_inbound(request):
        """A customer message arriving through the WhatsApp webhook."""
        data = await body(request)
        content = data.get("content")
        if not isinstance(content, str) or not content:
            raise ApiError(400, "content must be a non-empty string")
        if data.get("conversationId"):
            conv = conversation_or_404(data["conversationId"])
            if conv["status"] == "closed":
                raise ApiError(409, "Conversation is closed")
        else:
            conv = store.create_conversation(str(data.get("contactName") or "Test Contact"),
                                             str(data.get("contactPhone") or "+5511999990000"))
        row = store.add_message(conv["id"], "contact", conv["contact_id"], content,
                                str(data.get("messageType") or "text"), None)
        conv = store.conversation(conv["id"])
        await hub.fan_out(envelope("new_message", conv, row))
        await hub.conversation_changed(conv, row)
        return web.json_response({"message": row, "conversation": conv}, status=201)

    @routes.post("/test/notify")
    async def test_notify(request):
        data = await body(request)
        kind = data.get("type", "info")
        if kind not in NOTIFICATION_TYPES or not isinstance(data.get("userId"), str):
            raise ApiError(400, f"userId is required and type must be one of {', '.join(NOTIFICATION_TYPES)}")
        row = store.add_notification(data["userId"], kind, str(data.get("title", "")), str(data.get("message", "")))
        delivered = await hub.notify(data["userId"], row)
        return web.json_response({"notification": row, "deliveredTo": delivered}, status=201)

    @routes.get("/test/messages")
    async def test_messages(request):
        return web.json_response(store.all_messages(request.query.get("conversationId")))

    @routes.post("/test/drop-acks")
    async def test_drop_acks(request):
        count = (await body(request)).get("count", 1)
        if not isinstance(count, int) or count < 0:
            raise ApiError(400, "count must be a non-negative integer")
        hub.drop_acks = count
        return web.json_response({"dropAcks": count})

    @routes.get("/test/state")
    async def test_state(request):
        return web.json_response(hub.state())

    @routes.get("/test/events")
    async def test_events(request):
        since = int(request.query.get("since", "0") or 0)
        return web.json_response([e for e in hub.events if e["seq"] > since])

    @routes.post("/test/disconnect")
    async def test_disconnect(request):
        """Server-side disconnect of a user's sockets: `41`, then the Engine.IO socket is
        closed too, unless `keepTransport` is true (like socket.io's disconnect(close))."""
        data = await body(request)
        sids = [sid for sid, sub in hub.subs.items() if sub == data.get("userId")]
        for sid in sids:
            eio_sid = sio.manager.eio_sid_from_sid(sid, "/")
            eio_socket = sio.eio.sockets.get(eio_sid)
            await sio.disconnect(sid)
            if not data.get("keepTransport") and eio_socket:
                await sio.eio.disconnect(eio_sid)  # sends `1`
                # python-engineio would leave the WebSocket open until the client closes it
                # or pingInterval+pingTimeout pass; Node's engine.io closes it now. A None in
                # the send queue stops engineio's writer task, which closes the WebSocket.
                eio_socket.queue.put_nowait(None)
        return web.json_response({"disconnected": sids})

    @routes.post("/test/token")
    async def test_token(request):
        data = await body(request)
        if not isinstance(data.get("sub"), str):
            raise ApiError(400, "sub is required")
        ttl = data.get("expiresIn", 3600)
        return web.json_response({"token": sign_jwt({"sub": data["sub"], "iat": int(time.time()),
                                                     "exp": int(time.time()) + int(ttl)}, secret)})

    app.add_routes(routes)
    return app


def is_loopback(addr):
    return bool(addr) and (addr.startswith("127.") or addr in ("::1", "::ffff:127.0.0.1"))


# ---------------------------------------------------------------- main ---------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Socket.IO test fixture server (test use only).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--secret-env", default="JWT_SECRET", help="env var holding the HS256 secret")
    p.add_argument("--ping-interval", type=int, default=25, help="whole seconds (python-socketio)")
    p.add_argument("--ping-timeout", type=float, default=20)
    p.add_argument("--max-payload", type=int, default=1_000_000)
    p.add_argument("--db", default=None, help="SQLite file; in memory when absent")
    p.add_argument("--resend-interval", type=float, default=3, help="seconds between new_message sends")
    p.add_argument("--resend-attempts", type=int, default=3, help="resends before parking")
    p.add_argument("--sync-cap", type=int, default=1000)
    p.add_argument("--ignore-stdin", action="store_true", help="do not exit at stdin EOF")
    p.add_argument("--verbose", action="store_true", help="log python-socketio/engineio packets")
    return p.parse_args(argv)


def watch_stdin(loop, stop):
    """Runs in a thread: stdin EOF (the parent test process died) stops the server."""
    try:
        while os.read(0, 65536):
            pass
    except OSError:
        pass
    loop.call_soon_threadsafe(stop.set)


async def serve(opts):
    secret = os.environ.get(opts.secret_env, "").encode()
    if not secret:
        sys.exit(f"server.py: environment variable {opts.secret_env} (the HS256 secret) is not set")
    store = Store(opts.db)
    hub_ref = []
    sio = make_socketio(hub_ref, store, secret, opts)
    hub = Hub(sio, store, opts)
    hub_ref.append(hub)
    app = make_app(sio, hub, store, secret)

    sock = socket.socket(socket.AF_INET6 if ":" in opts.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((opts.host, opts.port))
    runner = web.AppRunner(app, access_log=log if opts.verbose else None, shutdown_timeout=1.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()

    loop, stop = asyncio.get_running_loop(), asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if not opts.ignore_stdin:
        threading.Thread(target=watch_stdin, args=(loop, stop), daemon=True).start()
    print(f"listening on {opts.host}:{sock.getsockname()[1]}", flush=True)
    log.info("ready (ping %ss/%ss, resend %ss x%d, sync cap %d, db %s)", opts.ping_interval,
             opts.ping_timeout, opts.resend_interval, opts.resend_attempts, opts.sync_cap, opts.db or ":memory:")

    await stop.wait()
    log.info("stopping")
    for task in list(hub.tasks):
        task.cancel()
    try:
        await asyncio.wait_for(sio.shutdown(), 2)
        await asyncio.wait_for(runner.cleanup(), 3)
    except asyncio.TimeoutError:
        log.warning("shutdown timed out")
    store.db.close()


def main(argv=None):
    opts = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    asyncio.run(serve(opts))


if __name__ == "__main__":
    main()
