#!/usr/bin/env python3
"""End-to-end proof for server.py: starts it on port 0 and checks each behaviour over
real sockets, both with python-socketio's AsyncClient and with a raw Engine.IO
WebSocket client that sees the exact frames.

Usage: "$(scripts/socketio-fixture-venv.sh)" Tests/SocketIOFixture/smoke_test.py [--frames] [CHECK...]
(--frames prints every raw frame the raw client sends and receives; CHECK names a check
function, e.g. check_raw_frames, to run only those.)
"""

import asyncio
import base64
import hashlib
import hmac
import json
import os
import pathlib
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback

import aiohttp
import socketio

HERE = pathlib.Path(__file__).resolve().parent
SECRET = "smoke-secret-0123456789abcdef0123456789"
RESEND_INTERVAL, RESEND_ATTEMPTS, SYNC_CAP = 1, 2, 5
SHOW_FRAMES = "--frames" in sys.argv
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ROW_KEYS = {"id", "conversation_id", "sender", "sender_id", "content", "message_type",
            "client_message_id", "created_at"}
CONV_KEYS = {"id", "contact_id", "contact_name", "contact_phone", "status", "last_message_at",
             "unread_count", "created_at", "updated_at"}
WSM_KEYS = {"id", "type", "conversationId", "contactId", "contactName", "contactPhone", "messageId",
            "content", "messageType", "timestamp", "acknowledgmentRequired"}


def token(sub, ttl=3600, secret=SECRET, alg="HS256"):
    enc = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    head = enc(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = enc(json.dumps({"sub": sub, "exp": int(time.time()) + ttl}).encode())
    sig = enc(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


class Server:
    """server.py as a child process holding our stdin (EOF stops it)."""

    async def start(self, *args):
        env = dict(os.environ, SMOKE_SECRET=SECRET)
        self.stderr = tempfile.NamedTemporaryFile("w", prefix="sio-fixture-", suffix=".log", delete=False)
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, str(HERE / "server.py"), "--port", "0", "--secret-env", "SMOKE_SECRET", *args,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=self.stderr, env=env)
        line = (await asyncio.wait_for(self.proc.stdout.readline(), 15)).decode()
        m = re.fullmatch(r"listening on 127\.0\.0\.1:(\d+)\n", line)
        assert m, f"unexpected first line {line!r}"
        self.base = f"http://127.0.0.1:{m.group(1)}"
        return self

    async def stop_by_stdin_eof(self):
        self.proc.stdin.close()
        return await asyncio.wait_for(self.proc.wait(), 10)


class Raw:
    """A raw Engine.IO v4 WebSocket client: sends and returns text frames verbatim,
    answers pings with `3` (unless told not to)."""

    def __init__(self, http, base, label):
        self.http, self.base, self.label, self.pong = http, base, label, True

    async def open(self, query=""):
        url = f"{self.base}/socket.io/?EIO=4&transport=websocket{query}"
        self.ws = await asyncio.wait_for(self.http.ws_connect(url), 5)
        return await self.recv()

    async def send(self, frame):
        if SHOW_FRAMES:
            print(f"    [{self.label}] >> {frame}")
        await self.ws.send_str(frame)

    async def recv(self, timeout=3):
        """The next non-ping frame (text), or None when the socket closed."""
        deadline = time.monotonic() + timeout
        while True:
            msg = await self.ws.receive(timeout=max(0.01, deadline - time.monotonic()))
            if msg.type != aiohttp.WSMsgType.TEXT:
                return None
            if SHOW_FRAMES:
                print(f"    [{self.label}] << {msg.data}")
            if msg.data == "2" and self.pong:
                await self.ws.send_str("3")
                continue
            return msg.data

    async def expect(self, pattern, timeout=3):
        """Skips frames until one matches `pattern` (a regex over the whole frame)."""
        deadline = time.monotonic() + timeout
        while True:
            frame = await self.recv(max(0.01, deadline - time.monotonic()))
            assert frame is not None, f"socket closed while waiting for {pattern}"
            m = re.fullmatch(pattern, frame, re.S)
            if m:
                return m

    async def silent(self, seconds, pattern=".*"):
        """Fails if a frame matching `pattern` arrives within `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                frame = await self.recv(max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                return
            assert not re.fullmatch(pattern, frame or "", re.S), f"expected silence, got {frame!r}"

    async def connect(self, tok):
        await self.open()
        await self.send("40" + json.dumps({"token": tok}))
        return (await self.expect(r'40\{"sid":"([^"]+)"\}')).group(1)

    async def register(self, user, ack_id=1):
        await self.send(f'42{ack_id}["register","{user}"]')
        return json.loads((await self.expect(rf"43{ack_id}\[(.*)\]")).group(1))

    async def close(self):
        await self.ws.close()


class Client:
    """python-socketio AsyncClient; server events land in one queue per event name.
    Its handlers return None, so new_message is acknowledged (`43<id>[]`) at once."""

    def __init__(self, base):
        self.base, self.queues = base, {}
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("*", self._on_event)

    async def _on_event(self, event, *args):
        self.queue(event).put_nowait(args[0] if args else None)

    def queue(self, event):
        return self.queues.setdefault(event, asyncio.Queue())

    async def connect(self, user, register=True):
        await self.sio.connect(self.base, auth={"token": token(user)}, transports=["websocket"],
                               wait_timeout=5)
        if register:
            ack = await self.call("register", user)
            assert ack["success"], ack
        return self

    async def call(self, event, data=None, timeout=3):
        return await self.sio.call(event, data, timeout=timeout)

    async def emit(self, event, data):
        await self.sio.emit(event, data)

    async def next(self, event, timeout=3, where=lambda _: True):
        deadline = time.monotonic() + timeout
        while True:
            data = await asyncio.wait_for(self.queue(event).get(), max(0.01, deadline - time.monotonic()))
            if where(data):
                return data

    async def none(self, event, seconds=0.7, where=lambda _: True):
        await asyncio.sleep(seconds)
        while not self.queue(event).empty():
            data = self.queue(event).get_nowait()
            assert not where(data), f"unexpected {event}: {data}"

    async def close(self):
        await self.sio.disconnect()


class Ctx:
    def __init__(self, server, http):
        self.server, self.http, self.base = server, http, server.base
        self.clients = []

    async def rest(self, method, path, body=None, tok=None, auth=True):
        headers = {"Authorization": f"Bearer {tok or token('rest-user')}"} if auth else {}
        async with self.http.request(method, self.base + path, json=body, headers=headers,
                                     timeout=aiohttp.ClientTimeout(total=5)) as r:
            return r.status, await r.json()

    async def conversation(self, **fields):
        status, conv = await self.rest("POST", "/test/conversations", fields, auth=False)
        assert status == 201, conv
        return conv

    async def inbound(self, cid, content):
        status, body = await self.rest("POST", "/test/inbound", {"conversationId": cid, "content": content})
        assert status == 201, body
        return body["message"]

    async def client(self, user, register=True):
        c = await Client(self.base).connect(user, register)
        self.clients.append(c)
        return c

    def raw(self, label):
        return Raw(self.http, self.base, label)

    async def events(self, kind):
        return [e for e in (await self.rest("GET", "/test/events"))[1] if e["kind"] == kind]


# ------------------------------------------------------------------ checks -------

async def check_open_packet(ctx):
    raw = ctx.raw("open")
    frame = await raw.open()
    assert frame.startswith("0"), frame
    body = json.loads(frame[1:])
    assert set(body) == {"sid", "upgrades", "pingTimeout", "pingInterval", "maxPayload"}, body
    assert (body["pingInterval"], body["pingTimeout"], body["maxPayload"], body["upgrades"]) == (1000, 1000, 1000000, []), body
    await raw.close()


async def check_auth_refusals(ctx):
    raw = ctx.raw("auth")
    await raw.open()
    cases = [("40", "no token"),
             ('40{"token":"not-a-jwt"}', "jwt malformed"),
             ("40" + json.dumps({"token": token("alice", secret="wrong-secret-wrong-secret-wrong!")}), "invalid signature"),
             ("40" + json.dumps({"token": token("alice", ttl=-5)}), "jwt expired"),
             ("40" + json.dumps({"token": token("alice", alg="HS512")}), "invalid algorithm")]
    for frame, words in cases:
        await raw.send(frame)
        got = await raw.recv()
        assert got == '44{"message":"Authentication error: %s"}' % words, got
    # the Engine.IO socket stayed open: a good token on the same socket connects
    await raw.send("40" + json.dumps({"token": token("alice")}))
    await raw.expect(r'40\{"sid":"[^"]+"\}')
    await raw.close()
    # python-socketio's client hands the CONNECT_ERROR data to its connect_error handler
    c, errors = socketio.AsyncClient(reconnection=False), []
    c.on("connect_error", lambda data: errors.append(data))
    try:
        await c.connect(ctx.base, auth={"token": token("alice", ttl=-5)}, transports=["websocket"], wait_timeout=5)
        raise AssertionError("expired token accepted")
    except socketio.exceptions.ConnectionError:
        assert errors == [{"message": "Authentication error: jwt expired"}], errors


async def check_query_token(ctx):
    raw = ctx.raw("query")
    await raw.open(f"&token={token('alice')}")
    await raw.send("40")
    await raw.expect(r'40\{"sid":"[^"]+"\}')
    await raw.close()


async def check_register(ctx):
    c = await ctx.client("reg-user", register=False)
    ack = await c.call("sync_request", {})
    assert ack == {"success": False, "error": "Not registered: send register first"}, ack
    assert (await c.next("error"))["message"].startswith("Not registered"), "no error event"
    ack = await c.call("register", "someone-else")
    assert ack == {"success": False, "error": "User id does not match token"}, ack
    ack = await c.call("register", "reg-user")
    assert set(ack) == {"success", "userId", "socketId", "queuedMessages", "timestamp"}, ack
    assert ack["success"] and ack["userId"] == "reg-user" and ack["queuedMessages"] == 0, ack
    assert ack["socketId"] == c.sio.get_sid() and TS.match(ack["timestamp"]), ack


async def check_gating_and_offline_queue(ctx):
    conv = await ctx.conversation(contactName="Gate")
    first = await ctx.client("gate-user")
    await first.close()  # gate-user is now a known agent with no socket
    c = await ctx.client("gate-user", register=False)
    msg = await ctx.inbound(conv["id"], "while you were away")
    await c.none("new_message", 1.0)  # nothing reaches an unregistered socket
    ack = await c.call("register", "gate-user")
    assert ack["queuedMessages"] == 1, ack
    got = await c.next("new_message")
    assert got["messageId"] == msg["id"] and got["content"] == "while you were away", got


async def check_send_message(ctx):
    conv = await ctx.conversation(contactName="Maria", contactPhone="+5511988887777")
    alice1, alice2, bob = await ctx.client("alice"), await ctx.client("alice"), await ctx.client("bob")
    ack = await alice1.call("send_message", {"conversationId": conv["id"], "content": "olá ✓ 🎉",
                                             "clientMessageId": "cm-1"})
    assert set(ack) == {"success", "message"} and ack["success"], ack
    row = ack["message"]
    assert set(row) == ROW_KEYS and TS.match(row["created_at"]), row
    assert (row["sender"], row["sender_id"], row["client_message_id"], row["message_type"],
            row["conversation_id"], row["content"]) == ("agent", "alice", "cm-1", "text", conv["id"], "olá ✓ 🎉"), row
    for c in (bob, alice2):
        got = await c.next("new_message", where=lambda m: m["messageId"] == row["id"])
        assert set(got) == WSM_KEYS, got
        assert (got["type"], got["conversationId"], got["contactName"], got["contactPhone"], got["content"],
                got["timestamp"], got["acknowledgmentRequired"]) == \
               ("new_message", conv["id"], "Maria", "+5511988887777", "olá ✓ 🎉", row["created_at"], True), got
    upd = await bob.next("conversation_update", where=lambda m: m["messageId"] == row["id"])
    assert set(upd) == WSM_KEYS | {"conversation"} and set(upd["conversation"]) == CONV_KEYS, upd
    assert upd["conversation"]["last_message_at"] == row["created_at"], upd
    await alice1.none("new_message", 0.7, where=lambda m: m["messageId"] == row["id"])  # no echo


async def check_no_dedupe(ctx):
    conv = await ctx.conversation()
    c = await ctx.client("alice")
    acks = [await c.call("send_message", {"conversationId": conv["id"], "content": "twice",
                                          "clientMessageId": "dup-1"}) for _ in range(2)]
    assert all(a["success"] for a in acks) and acks[0]["message"]["id"] != acks[1]["message"]["id"], acks
    _, rows = await ctx.rest("GET", f"/test/messages?conversationId={conv['id']}", auth=False)
    assert [r["client_message_id"] for r in rows] == ["dup-1", "dup-1"], rows


async def check_closed_and_unknown(ctx):
    conv = await ctx.conversation()
    alice, bob = await ctx.client("alice"), await ctx.client("bob")
    status, row = await ctx.rest("PATCH", f"/api/conversations/{conv['id']}", {"status": "closed"})
    assert status == 200 and set(row) == CONV_KEYS and row["status"] == "closed", row
    upd = await bob.next("conversation_update", where=lambda m: m["conversationId"] == conv["id"])
    assert upd["conversation"]["status"] == "closed" and upd["messageId"] is None, upd
    ack = await alice.call("send_message", {"conversationId": conv["id"], "content": "hi"})
    assert ack == {"success": False, "error": "Conversation is closed"}, ack
    ack = await alice.call("send_message", {"conversationId": "no-such-id", "content": "hi"})
    assert ack == {"success": False, "error": "Conversation not found"}, ack


async def check_sync(ctx):
    c = await ctx.client("syncer")
    ack = await c.call("sync_request", {})
    first = await c.next("sync_response")
    assert set(first) == {"type", "conversations", "messages", "syncTimestamp"}, first
    assert first["type"] == "sync_response" and first["syncTimestamp"] == ack["syncTimestamp"], (first, ack)
    t0 = ack["syncTimestamp"]
    conv = await ctx.conversation(contactName="Sync")
    sent = [await ctx.inbound(conv["id"], f"m{i}") for i in range(SYNC_CAP + 2)]
    ack = await c.call("sync_request", {"lastSyncTimestamp": t0})
    resp = await c.next("sync_response")
    assert ack["success"] and resp["syncTimestamp"] == ack["syncTimestamp"] > sent[-1]["created_at"], (ack, resp)
    assert resp["messages"] == sent[:SYNC_CAP], "sync must be the oldest SYNC_CAP rows after t0"
    assert all(set(m) == ROW_KEYS and m["created_at"] > t0 for m in resp["messages"])
    assert [cv["id"] for cv in resp["conversations"]] == [conv["id"]], resp["conversations"]
    ack = await c.call("sync_request", {"lastSyncTimestamp": ack["syncTimestamp"]})
    resp = await c.next("sync_response")
    assert resp["messages"] == [] and resp["conversations"] == [], resp
    ack = await c.call("sync_request", {"lastSyncTimestamp": "yesterday"})
    assert ack["success"] is False and (await c.next("error"))["message"].startswith("lastSyncTimestamp"), ack


async def check_resend_park_replay(ctx):
    conv = await ctx.conversation(contactName="Resend")
    raw = ctx.raw("carol")
    await raw.connect(token("carol"))
    await raw.register("carol")
    msg = await ctx.inbound(conv["id"], "please ack")
    pattern = r'42(\d+)\["new_message",(\{.*"messageId":"%s".*\})\]' % msg["id"]
    started, ack_ids = time.monotonic(), []
    for _ in range(1 + RESEND_ATTEMPTS):  # first send + resends, same messageId, new ack id
        m = await raw.expect(pattern, timeout=RESEND_INTERVAL + 1)
        ack_ids.append(int(m.group(1)))
    assert len(set(ack_ids)) == len(ack_ids), ack_ids
    assert time.monotonic() - started >= RESEND_ATTEMPTS * RESEND_INTERVAL * 0.9
    await asyncio.sleep(RESEND_INTERVAL + 0.3)
    _, state = await ctx.rest("GET", "/test/state", auth=False)
    assert msg["id"] in [q["messageId"] for q in state["offlineQueues"].get("carol", [])], state
    await raw.silent(0.3, pattern)  # parked: no more sends to this socket
    await raw.close()
    raw = ctx.raw("carol2")
    await raw.connect(token("carol"))
    await raw.send('421["register","carol"]')
    first = await raw.recv()  # the ack comes before the replay
    assert first.startswith("431[") and json.loads(first[3:])[0]["queuedMessages"] >= 1, first
    m = await raw.expect(pattern)
    await raw.send(f"43{m.group(1)}[]")  # packet ack
    await raw.silent(RESEND_INTERVAL + 0.5, pattern)  # acknowledged: no resend
    delivered = await ctx.events("delivered")
    assert any(e["messageId"] == msg["id"] and e["how"] == "packet_ack" for e in delivered), delivered
    # the message_ack event confirms just like the packet ack
    msg2 = await ctx.inbound(conv["id"], "ack by event")
    pattern2 = r'42\d+\["new_message",\{.*"messageId":"%s".*\}\]' % msg2["id"]
    await raw.expect(pattern2)
    await raw.send('42["message_ack",{"messageId":"%s"}]' % msg2["id"])
    await raw.silent(RESEND_INTERVAL + 0.5, pattern2)
    delivered = await ctx.events("delivered")
    assert any(e["messageId"] == msg2["id"] and e["how"] == "message_ack" for e in delivered), delivered
    await raw.close()


async def check_typing(ctx):
    conv = await ctx.conversation()
    alice1, alice2, bob = await ctx.client("alice"), await ctx.client("alice"), await ctx.client("bob")
    await alice1.emit("typing", {"conversationId": conv["id"], "isTyping": True})
    expected = {"conversationId": conv["id"], "userId": "alice", "isTyping": True}
    assert await bob.next("typing") == expected
    assert await alice2.next("typing") == expected
    await alice1.none("typing", 0.5)
    await alice1.emit("typing", {"conversationId": conv["id"], "isTyping": "yes"})
    assert (await alice1.next("error"))["message"] == "isTyping must be a bool"
    await bob.none("typing", 3.5)  # the server never expires a typing indicator


async def check_mark_read(ctx):
    conv = await ctx.conversation()
    c = await ctx.client("alice")
    m1 = await ctx.inbound(conv["id"], "one")
    await ctx.inbound(conv["id"], "two")
    _, row = await ctx.rest("GET", f"/api/conversations/{conv['id']}")
    assert row["unread_count"] == 2, row
    ack = await c.call("mark_read", {"conversationId": conv["id"], "messageIds": [m1["id"]]})
    assert ack["success"] and ack["unreadCount"] == 1, ack
    ack = await c.call("mark_read", {"conversationId": conv["id"]})
    assert ack["unreadCount"] == 0, ack


async def check_notifications(ctx):
    bob = await ctx.client("bob")
    status, body = await ctx.rest("POST", "/test/notify", {"userId": "bob", "title": "Heads up",
                                                           "message": "Queue is long", "type": "warning"}, auth=False)
    assert status == 201 and body["deliveredTo"] >= 1, body
    got = await bob.next("notification")
    assert set(got) == {"id", "user_id", "type", "title", "message", "read", "created_at"}, got
    assert (got["user_id"], got["type"], got["title"], got["read"]) == ("bob", "warning", "Heads up", False), got
    await ctx.rest("POST", "/test/notify", {"userId": "dave", "title": "Later", "message": "m"}, auth=False)
    dave = await ctx.client("dave", register=False)
    await dave.none("notification", 0.5)
    await dave.call("register", "dave")
    assert (await dave.next("notification"))["title"] == "Later"


async def check_malformed_events(ctx):
    c = await ctx.client("alice")
    ack = await c.call("send_message", "just a string")
    assert ack == {"success": False, "error": "send_message expects an object"}, ack
    assert (await c.next("error")) == {"message": "send_message expects an object"}
    ack = await c.call("send_message", {"conversationId": "x"})
    assert ack["error"] == "content must be a non-empty str", ack
    await c.next("error")
    await c.emit("no_such_event", {})
    assert (await c.next("error")) == {"message": "Unknown event: no_such_event"}


async def check_rest(ctx):
    quiet = await ctx.conversation(contactName="Quiet")
    busy = await ctx.conversation(contactName="Busy", status="pending")
    msgs = [await ctx.inbound(busy["id"], f"r{i}") for i in range(4)]
    status, rows = await ctx.rest("GET", "/api/conversations?limit=100")
    assert status == 200 and isinstance(rows, list) and all(set(r) == CONV_KEYS for r in rows), rows
    ids = [r["id"] for r in rows]
    assert ids[0] == busy["id"] and ids.index(busy["id"]) < ids.index(quiet["id"]), ids
    activity = [r["last_message_at"] or r["created_at"] for r in rows]
    assert activity == sorted(activity, reverse=True), activity
    _, pending = await ctx.rest("GET", "/api/conversations?status=pending")
    assert pending and all(r["status"] == "pending" for r in pending), pending
    path = f"/api/conversations/{busy['id']}/messages"
    status, rows = await ctx.rest("GET", path)
    assert status == 200 and rows == msgs, rows
    assert (await ctx.rest("GET", path + "?limit=2"))[1] == msgs[2:]
    assert (await ctx.rest("GET", f"{path}?before={msgs[2]['created_at']}&limit=1"))[1] == msgs[1:2]
    assert (await ctx.rest("GET", f"{path}?after={msgs[0]['created_at']}&limit=2"))[1] == msgs[1:3]
    for tok, words in [(token("x", ttl=-5), "jwt expired"), (token("x", secret="another-secret-another-secret!!"), "invalid signature"),
                       ("garbage", "jwt malformed")]:
        assert await ctx.rest("GET", "/api/conversations", tok=tok) == (401, {"error": f"Authentication error: {words}"})
    assert await ctx.rest("GET", "/api/conversations", auth=False) == (401, {"error": "Authentication error: no token"})
    assert await ctx.rest("GET", "/api/conversations/nope/messages") == (404, {"error": "Conversation not found"})
    assert await ctx.rest("PATCH", "/api/conversations/nope", {"status": "closed"}) == (404, {"error": "Conversation not found"})
    assert (await ctx.rest("PATCH", f"/api/conversations/{busy['id']}", {"status": "done"}))[0] == 400
    assert (await ctx.rest("GET", "/api/conversations?limit=0"))[0] == 400
    assert (await ctx.rest("GET", f"{path}?before=soon"))[0] == 400
    assert await ctx.rest("GET", "/api/nothing-here") == (404, {"error": "Not Found"})


async def check_drop_acks(ctx):
    conv = await ctx.conversation()
    c = await ctx.client("alice")
    assert (await ctx.rest("POST", "/test/drop-acks", {"count": 1}, auth=False))[1] == {"dropAcks": 1}
    try:
        await c.call("send_message", {"conversationId": conv["id"], "content": "lost ack", "clientMessageId": "la-1"},
                     timeout=1.5)
        raise AssertionError("the ack was not dropped")
    except socketio.exceptions.TimeoutError:
        pass
    _, rows = await ctx.rest("GET", f"/test/messages?conversationId={conv['id']}", auth=False)
    assert [r["client_message_id"] for r in rows] == ["la-1"], rows  # stored all the same
    ack = await c.call("send_message", {"conversationId": conv["id"], "content": "again", "clientMessageId": "la-1"})
    assert ack["success"], ack


async def check_raw_frames(ctx):
    """One frame of each kind on the wire (printed with --frames)."""
    conv = await ctx.conversation(contactName="Wire")
    dan, eve = ctx.raw("dan"), ctx.raw("eve")
    await dan.connect(token("dan"))
    await eve.connect(token("eve"))
    ack = await dan.register("dan")
    assert ack["success"] and ack["queuedMessages"] == 0, ack
    await eve.register("eve")
    await dan.send('422["sync_request",{}]')
    await dan.expect(r'42\["sync_response",\{"type":"sync_response","conversations":\[.*\],"messages":\[.*\],"syncTimestamp":"[^"]+"\}\]')
    await dan.expect(r'432\[\{"success":true,"syncTimestamp":"[^"]+",.*\}\]')
    await dan.send('423["send_message",{"conversationId":"%s","content":"hi eve","clientMessageId":"c-9"}]' % conv["id"])
    await dan.expect(r'433\[\{"success":true,"message":\{"id":"[^"]+","conversation_id":"%s",.*"client_message_id":"c-9",.*\}\}\]' % conv["id"])
    m = await eve.expect(r'42(\d+)\["new_message",\{"id":"[^"]+","type":"new_message",.*"acknowledgmentRequired":true\}\]')
    await eve.send(f"43{m.group(1)}[]")
    await eve.expect(r'42\["conversation_update",\{.*\}\]')
    await dan.send('42["typing",{"conversationId":"%s","isTyping":true}]' % conv["id"])
    await eve.expect(r'42\["typing",\{"conversationId":"%s","userId":"dan","isTyping":true\}\]' % conv["id"])
    await ctx.rest("POST", "/test/notify", {"userId": "eve", "title": "T", "message": "M"}, auth=False)
    await eve.expect(r'42\["notification",\{"id":"[^"]+","user_id":"eve","type":"info",.*\}\]')
    await dan.send('42["bogus"]')
    await dan.expect(r'42\["error",\{"message":"Unknown event: bogus"\}\]')
    await dan.send('41')  # Socket.IO disconnect; Engine.IO socket stays open
    await dan.send('40{"token":"%s"}' % token("dan"))
    await dan.expect(r'40\{"sid":"[^"]+"\}')
    await dan.close()
    await eve.close()


async def check_ping_timeout(ctx):
    raw = ctx.raw("nopong")
    await raw.connect(token("alice"))
    raw.pong = False
    started = time.monotonic()
    assert await raw.recv(3) == "2"
    closed = await raw.recv(4)  # no pong: the server closes the WebSocket
    assert closed is None and raw.ws.close_code == 1000, (closed, raw.ws.close_code)
    assert time.monotonic() - started < 3.5


async def check_disconnect_hook(ctx):
    raw = ctx.raw("kicked")
    await raw.connect(token("kick-me"))
    await raw.register("kick-me")
    status, body = await ctx.rest("POST", "/test/disconnect", {"userId": "kick-me"}, auth=False)
    assert status == 200 and len(body["disconnected"]) == 1, body
    assert await raw.recv() == "41"
    assert await raw.recv() == "1"
    assert await raw.recv(1) is None and raw.ws.close_code == 1000, raw.ws.close_code


async def check_sigterm():
    server = await Server().start()
    server.proc.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(server.proc.wait(), 10)
    assert code == 0, code
    os.unlink(server.stderr.name)


CHECKS = [check_open_packet, check_auth_refusals, check_query_token, check_register,
          check_gating_and_offline_queue, check_send_message, check_no_dedupe, check_closed_and_unknown,
          check_sync, check_resend_park_replay, check_typing, check_mark_read, check_notifications,
          check_malformed_events, check_rest, check_drop_acks, check_raw_frames, check_ping_timeout,
          check_disconnect_hook]


async def main():
    passed = failed = 0

    def report(name, error=None):
        nonlocal passed, failed
        if error is None:
            passed += 1
            print(f"ok   {name}", flush=True)
        else:
            failed += 1
            print(f"FAIL {name}: {error!r}", flush=True)
            traceback.print_exception(error, file=sys.stdout)

    db = pathlib.Path(tempfile.mkdtemp(prefix="sio-fixture-")) / "fixture.sqlite"
    server = await Server().start("--ping-interval", "1", "--ping-timeout", "1", "--db", str(db),
                                  "--resend-interval", str(RESEND_INTERVAL),
                                  "--resend-attempts", str(RESEND_ATTEMPTS), "--sync-cap", str(SYNC_CAP))
    print(f"server {server.base} (log {server.stderr.name}, db {db})")
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    async with aiohttp.ClientSession() as http:
        for check in [c for c in CHECKS if not only or c.__name__ in only]:
            ctx = Ctx(server, http)
            try:
                await asyncio.wait_for(check(ctx), 30)
                report(check.__name__)
            except Exception as e:  # noqa: BLE001 - report and go on
                report(check.__name__, e)
            finally:
                for c in ctx.clients:
                    await asyncio.wait_for(c.close(), 5)
    try:
        assert db.stat().st_size > 0, "SQLite file is empty"
        assert await server.stop_by_stdin_eof() == 0, "non-zero exit after stdin EOF"
        report("check_stdin_eof_stops_server_and_db_is_a_file")
    except Exception as e:  # noqa: BLE001
        report("check_stdin_eof_stops_server_and_db_is_a_file", e)
    try:
        await asyncio.wait_for(check_sigterm(), 20)
        report("check_sigterm")
    except Exception as e:  # noqa: BLE001
        report("check_sigterm", e)
    print(f"{passed} passed, {failed} failed")
    if failed == 0:  # keep the server's log and database only when something failed
        os.unlink(server.stderr.name)
        shutil.rmtree(db.parent, ignore_errors=True)
    return failed == 0


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(main()) else 1)
