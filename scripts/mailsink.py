#!/usr/bin/python3
"""Local mail catcher for `make run` and the tests.

A real SMTP server (Debian's python3-aiosmtpd) on loopback that stores every
message it receives as one RFC 5322 file in MAILDIR (CONTRACT.md):
NNNNNN-<random>.eml, written to a temporary name first, then renamed, so a
reader never sees half a message.

It stores every message, also a second copy with a Message-ID it has
seen (the tests count those: MAILDIR/.duplicates gets a line for each).
While the file MAILDIR/.slow exists, every message is answered 3 seconds
late, before it is stored (the tests kill the sender in that moment).
While MAILDIR/.refuse-after-data exists, every message is refused with
451 after it came in whole.
Usage: mailsink.py HOST PORT MAILDIR
"""
import asyncio
import email.parser
import email.policy
import glob
import os
import secrets
import sys
import time


def message_id(raw):
    head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    return (head.get("Message-ID") or "").strip()

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, maildir):
        self.maildir = maildir
        os.makedirs(maildir, exist_ok=True)
        self.seen = set()
        for path in glob.glob(os.path.join(maildir, "*.eml")):
            with open(path, "rb") as f:
                self.seen.add(message_id(f.read()))
        self.seen.discard("")

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.maildir, ".slow")):
            await asyncio.sleep(3)
        if os.path.exists(os.path.join(self.maildir, ".refuse-after-data")):
            # The whole message came in; the answer says "not now".
            return "451 Try again later"
        content = envelope.original_content or envelope.content
        mid = message_id(content)
        if mid and mid in self.seen:
            with open(os.path.join(self.maildir, ".duplicates"), "a") as f:
                f.write(mid + "\n")
        self.seen.add(mid)
        name = "%d-%s.eml" % (time.time_ns(), secrets.token_hex(4))
        tmp = os.path.join(self.maildir, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-From: %s\r\n" % envelope.mail_from.encode())
            for rcpt in envelope.rcpt_tos:
                f.write(b"X-Envelope-To: %s\r\n" % rcpt.encode())
            f.write(content)
        os.rename(tmp, os.path.join(self.maildir, name))
        return "250 OK"


def main():
    host, port, maildir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ctl = Controller(Store(maildir), hostname=host, port=port)
    ctl.start()
    print("mailsink: listening on %s:%d, mail in %s" % (host, port, maildir),
          flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ctl.stop()


if __name__ == "__main__":
    main()
