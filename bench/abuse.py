#!/usr/bin/env python3
"""Replays the attacks of issue 15 against a Corridor server on 127.0.0.1 and prints, for each,
whether ordinary probe requests kept being answered during the attack and how fast.

    python3 bench/abuse.py --spawn build/release/apps/corridor/corridor   # starts its own server
    python3 bench/abuse.py --port 8080 [--pid PID]                        # a running server

Loopback only (the target is always 127.0.0.1; attackers use other 127.0.0.x source addresses,
as distinct clients would). Every attack is bounded in connections, bytes and time (a few
seconds each). A probe client sends `GET /api/health` on a fresh connection every 10 ms during
each attack; a probe counts as failed if it gets no 200 within 2 s. Exit status 1 if any probe
failed or an attack got an unexpected answer. Standard library only.
"""
import argparse
import os
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


def connect(port, src=None, timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if src:
        s.bind((src, 0))
    s.connect((HOST, port))
    return s


_pending = {}  # socket -> bytes received after the last response read from it


def read_response(s, limit=64 << 20):
    """One HTTP response (head + Content-Length body); (status, head, body) or (0, '', b'').
    Bytes of a following (pipelined) response are kept for the next call on the same socket."""
    data = _pending.pop(s, b"")
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                return 0, "", b""
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        head = head.decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            k, _, v = line.partition(":")
            if k.strip().lower() == "content-length":
                length = int(v.strip())
        while len(body) < min(length, limit):
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        if len(body) > length:
            _pending[s] = body[length:]
            body = body[:length]
        return int(head[9:12]), head, body
    except (OSError, ValueError):
        return 0, "", b""


def request(port, raw, src=None, timeout=5.0):
    try:
        s = connect(port, src, timeout)
        s.sendall(raw)
        r = read_response(s)
        s.close()
        return r
    except OSError:
        return 0, "", b""


HEALTH = b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


class Prober(threading.Thread):
    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.stop, self.times, self.failed = port, threading.Event(), [], 0

    def run(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            status, _, _ = request(self.port, HEALTH, timeout=2.0)
            dt = (time.monotonic() - t0) * 1000
            if status == 200:
                self.times.append(dt)
            else:
                self.failed += 1
            time.sleep(0.01)

    def report(self):
        t = sorted(self.times)
        if not t:
            return "probes: 0 answered, %d failed" % self.failed
        p = lambda q: t[min(len(t) - 1, int(len(t) * q))]
        return "probes: %d answered, %d failed; p50 %.2f ms, p99 %.2f ms, max %.2f ms" % (
            len(t), self.failed, p(0.5), p(0.99), t[-1])


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# ---- attacks: each returns (ok, what happened) ---------------------------------------------

def idle_sockets(port, n=300):
    socks = []
    for i in range(n):
        try:
            socks.append(connect(port, "127.0.0.%d" % (2 + i % 3)))
        except OSError:
            break
    time.sleep(3)
    for s in socks:
        s.close()
    return True, "%d idle sockets held for 3 s" % len(socks)


def slow_headers(port, n=50, seconds=7):
    head = b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200
    socks = [connect(port, "127.0.0.%d" % (2 + i % 3)) for i in range(n)]
    closed = [False] * n
    t0 = time.monotonic()
    k = 0
    while time.monotonic() - t0 < seconds:
        for i, s in enumerate(socks):
            if closed[i]:
                continue
            try:
                s.send(head[k:k + 1] if k < len(head) else b"a")
            except OSError:
                closed[i] = True
        k += 1
        time.sleep(0.25)
    for s in socks:
        s.close()
    # The server's request deadline (--timeout, 5 s by default) closes them mid-drip.
    return sum(closed) == n, "%d sockets sending a header byte every 250 ms; %d closed by the " \
                             "server's request deadline within %d s" % (n, sum(closed), seconds)


def header_flood(port, pid, headers=1000000):
    before = rss_mb(pid) if pid else None
    s = connect(port)
    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n")
    line = b"X-Flood: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567\r\n"
    chunk = line * 1000
    sent = 0
    peak = before
    result = {}
    reader = threading.Thread(target=lambda: result.update(r=read_response(s)), daemon=True)
    reader.start()
    try:
        while sent < headers:
            s.sendall(chunk)
            sent += 1000
            if pid and sent % 20000 == 0:
                peak = max(peak or 0, rss_mb(pid) or 0)
    except OSError:
        pass
    reader.join(5)
    s.close()
    status = result.get("r", (0,))[0]
    mem = ""
    if before is not None:
        mem = "; server RSS %.0f MB before, peak %.0f MB" % (before, peak or before)
    return status == 431, "answer %s after %d headers (%d MB) sent%s" % (
        status, sent, sent * len(line) >> 20, mem)


def huge_names(port):
    out = []
    ok = True
    for field in ("from", "scenario"):
        body = ('{"from":"Baku","to":"Kars","%s":"%s"}' % (field, "q" * 1000000)).encode()
        raw = (b"POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
        t0 = time.monotonic()
        status, _, _ = request(port, raw, timeout=30)
        dt = (time.monotonic() - t0) * 1000
        ok &= 400 <= status < 500 and dt < 2000
        out.append("1 MB %s: %d in %.0f ms" % (field, status, dt))
    return ok, "; ".join(out)


def range_amplification(port):
    ranges = "bytes=0-100" + ",0-100" * 2700
    raw = ("GET / HTTP/1.1\r\nHost: localhost\r\nRange: %s\r\nConnection: close\r\n\r\n" %
           ranges).encode()
    status, head, body = request(port, raw)
    return status in (200, 404, 431), "%d ranges: status %d, %d body bytes (no 206)" % (
        2701, status, len(body))


def pipelining(port, n=10):
    s = connect(port)
    s.sendall(b"".join(
        b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n%s\r\n" %
        (b"Connection: close\r\n" if i == n - 1 else b"") for i in range(n)))
    got = 0
    for _ in range(n):
        status, _, _ = read_response(s)
        if status != 200:
            break
        got += 1
    _pending.pop(s, None)
    s.close()
    return got == n, "%d of %d pipelined requests answered" % (got, n)


def dns_rebinding(port):
    status, _, _ = request(port, b"GET /api/health HTTP/1.1\r\nHost: attacker.example\r\n"
                                 b"Connection: close\r\n\r\n")
    return status == 400, "Host: attacker.example -> %d" % status


def bad_lengths(port):
    out = []
    ok = True
    for length in (b"999999999999", b"-1", b"1x"):
        s = connect(port)
        t0 = time.monotonic()
        s.sendall(b"POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                  b"application/json\r\nContent-Length: " + length + b"\r\n\r\n{")
        status, _, _ = read_response(s)
        try:
            eof = s.recv(1) == b""
        except OSError:
            eof = True
        dt = (time.monotonic() - t0) * 1000
        s.close()
        ok &= status in (400, 413) and eof and dt < 1000
        out.append("%s: %d, closed after %.0f ms" % (length.decode(), status, dt))
    return ok, "; ".join(out)


def connection_flood(port, n=400):
    socks, refused = [], 0
    for i in range(n):
        try:
            s = connect(port, "127.0.0.5", timeout=2)
            socks.append(s)
        except OSError:
            refused += 1
    time.sleep(0.3)
    got503 = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(64).startswith(b"HTTP/1.1 503"):
                got503 += 1
        except OSError:
            pass
    for s in socks:
        s.close()
    return got503 > 0, "%d connections from one address: %d answered 503 without a request" % (
        len(socks), got503)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--pid", type=int, default=0, help="server pid, for its memory")
    ap.add_argument("--spawn", help="corridor binary: start `serve --port P --quiet` for the run")
    ap.add_argument("--data", default=None)
    args = ap.parse_args()
    proc = None
    port, pid = args.port, args.pid
    if args.spawn:
        port = port or 18080
        cmd = [args.spawn, "serve", "--port", str(port), "--quiet"]
        if args.data:
            cmd += ["--data", args.data]
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        pid = proc.pid
        for _ in range(200):
            if request(port, HEALTH, timeout=1)[0] == 200:
                break
            time.sleep(0.05)
    if not port:
        ap.error("--port or --spawn is required")
    attacks = [
        ("300 idle sockets", lambda: idle_sockets(port)),
        ("50 slow-header sockets", lambda: slow_headers(port)),
        ("1,000,000 headers", lambda: header_flood(port, pid)),
        ("1 MB names", lambda: huge_names(port)),
        ("Range amplification", lambda: range_amplification(port)),
        ("pipelined requests", lambda: pipelining(port)),
        ("DNS rebinding Host", lambda: dns_rebinding(port)),
        ("bad Content-Length", lambda: bad_lengths(port)),
        ("connection flood", lambda: connection_flood(port)),
    ]
    failures = 0
    try:
        for name, attack in attacks:
            prober = Prober(port)
            prober.start()
            try:
                ok, what = attack()
            except OSError as e:
                ok, what = False, "attack error: %s" % e
            time.sleep(0.2)
            prober.stop.set()
            prober.join()
            served = prober.failed == 0 and prober.times
            verdict = "ok" if ok and served else "FAIL"
            failures += verdict != "ok"
            print("%-24s %-4s %s\n%24s      %s" % (name, verdict, what, "", prober.report()))
            sys.stdout.flush()
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
    print("abuse: %s" % ("all attacks held" if failures == 0 else "%d attacks FAILED" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
