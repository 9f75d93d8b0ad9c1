#!/usr/bin/python3
"""make bench, flood scenario: wrong passwords from many addresses at once.

Usage: bench-flood.py ADDRESSES SECONDS OUT
The first flood client of make bench, kept for comparison
(FLOOD_CLIENT=python make bench); scripts/bench-flood.c is the one used,
because this one costs more CPU than the portal spends refusing it.
Each of ADDRESSES clients (127.0.5.1, 127.0.5.2, ...: its own source
address on the loopback) fetches the log-in form once and then posts a
wrong password for a new made-up user name, as fast as it is answered,
for SECONDS. Writes one line to OUT: sent, then a count per status
and the CPU time this process used ("sent 5123 200:410 429:4713 cpu
2.10"). Numbers only; nothing is judged here."""
import collections
import http.client
import os
import re
import resource
import sys
import threading
import time
import urllib.parse

PORT = int(os.environ["PORT"])


def one(addr, until, counts, lock):
    def conn():
        return http.client.HTTPConnection("127.0.0.1", PORT, timeout=30,
                                          source_address=(addr, 0))
    c = conn()
    c.request("GET", "/inloggen", headers={"Host": "127.0.0.1"})
    r = c.getresponse()
    page = r.read().decode()
    c.close()
    cookie = "; ".join(v.split(";", 1)[0] for k, v in r.getheaders()
                       if k.lower() == "set-cookie")
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    n = 0
    while time.monotonic() < until:
        n += 1
        body = urllib.parse.urlencode({
            "csrf": token, "username": "flood-%s-%d" % (addr, n),
            "password": "raden"})
        c = conn()
        try:
            c.request("POST", "/inloggen", body=body, headers={
                "Host": "127.0.0.1", "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded"})
            r = c.getresponse()
            r.read()
            status = r.status
        except OSError:
            status = "error"
        finally:
            c.close()
        with lock:
            counts[status] += 1


def main():
    n, seconds, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    until = time.monotonic() + seconds
    counts, lock = collections.Counter(), threading.Lock()
    threads = [threading.Thread(target=one, args=(
        "127.0.5.%d" % (i + 1), until, counts, lock)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(out, "w") as f:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        f.write("sent %d %s cpu %.2f\n" % (sum(counts.values()), " ".join(
            "%s:%d" % kv for kv in sorted(counts.items(), key=str)),
            ru.ru_utime + ru.ru_stime))


if __name__ == "__main__":
    main()
