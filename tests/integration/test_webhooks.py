"""Webhooks over HTTP: an organisation with an endpoint gets a signed JSON
event (X-Signature: sha256=HMAC over the body with its secret) for a
comment, a consent and a share; a failing endpoint is tried again with
the same delivery id; events carry opaque ids, never dossier text."""
import hashlib
import hmac
import http.server
import json
import threading

from portal import logged_in, sql
from test_documents import doc_ids
from test_dossier import post
from test_outbox import wait_for
from test_share import share

SECRET = "5e" * 32


class Sink(http.server.BaseHTTPRequestHandler):
    got = []
    fail_next = 0

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Sink.got.append((dict(self.headers), body))
        if Sink.fail_next > 0:
            Sink.fail_next -= 1
            self.send_response(500)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_sink():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def events(name):
    return [(h, json.loads(b), b) for h, b in Sink.got if h.get("X-Gezinsportaal-Event") == name]


def test_signed_events_with_retry():
    srv = start_sink()
    url = "http://127.0.0.1:%d/hook" % srv.server_address[1]
    sql("UPDATE organisation SET webhook_url = '%s', webhook_secret = '%s' "
        "WHERE slug IN ('wijkteam-centrum', 'ggz-rivierenland')" % (url, SECRET))
    try:
        ids = doc_ids()
        Sink.fail_next = 1                      # the first delivery fails
        doc = ids["Gezinsplan"]
        assert post(logged_in("sanne"), doc, "reacties", {"body": "Geheim voor de webhook"}).status == 303
        assert wait_for(lambda: len(events("comment.created")) >= 2), Sink.got
        (h1, e1, b1), (h2, e2, b2) = events("comment.created")[:2]
        assert h1["X-Gezinsportaal-Delivery"] == h2["X-Gezinsportaal-Delivery"]   # same delivery, again
        assert e2["event"] == "comment.created" and e2["document"] == doc
        assert e2["family"] == sql("SELECT public_id FROM family WHERE slug = 'de-vries'")[0][0]
        want = "sha256=" + hmac.new(SECRET.encode(), b2, hashlib.sha256).hexdigest()
        assert h2["X-Signature"] == want
        assert h2["Content-Type"] == "application/json"
        assert b"Geheim" not in b2 and b"Gezinsplan" not in b2
        # consent: the family's organisation; a share: also the receiver
        assert post(logged_in("mark"), doc, "instemming", {"decision": "eens"}).status == 303
        assert wait_for(lambda: events("consent.given"))
        lotte_doc = ids["Verslag gesprek met Lotte"]
        assert share(logged_in("lotte"), lotte_doc, org="ggz-rivierenland").status == 303
        assert wait_for(lambda: len(events("share.started")) >= 2)
        urls = {e["document"] for _, e, _ in events("share.started")}
        assert urls == {lotte_doc}
        rows = sql("SELECT count(*) FROM outbox WHERE kind = 'webhook' AND sent_at IS NULL")
        assert wait_for(lambda: sql("SELECT count(*) FROM outbox WHERE kind = 'webhook' "
                                    "AND sent_at IS NULL") == [["0"]]), rows
    finally:
        sql("UPDATE organisation SET webhook_url = NULL, webhook_secret = NULL")
        srv.shutdown()
