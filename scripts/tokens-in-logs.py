#!/usr/bin/python3
"""No reply token (nor mail-confirmation token) in any log file (issue 17, part 4).

Run at the end of an integration run, on its state directory. The tokens
are every reply link mailed during the run (STATE_DIR/mail/*.eml) and
every token a test made itself (STATE_DIR/issued-tokens, see
tests/integration/portal.py issued_token). The logs are every file named
*.log or "log" under STATE_DIR (nginx access and error log, the portal's,
the outbox sender's, the mail catcher's, PostgreSQL's), and everything in
a log directory PostgreSQL may have made in its data directory. Each log is
searched as written and URL-decoded once and twice (a token spelled with
%41 for A is still the token).

Prints the number of tokens and logs; on a find, the log file and line
number (never the token). Appends "token-logs PASSED FAILED" to RESULTS.
Usage: tokens-in-logs.py STATE_DIR RESULTS
"""
import glob
import os
import re
import sys
import urllib.parse

LINK = re.compile(r"/(?:antwoord|bevestigen)/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")


def tokens(state):
    found = set()
    for path in glob.glob(os.path.join(state, "mail", "*.eml")):
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        # Quoted-printable may break a line inside a link: join soft breaks.
        text = text.replace("=\r\n", "").replace("=\n", "")
        found.update(LINK.findall(text))
    issued = os.path.join(state, "issued-tokens")
    if os.path.exists(issued):
        with open(issued) as f:
            found.update(line.strip() for line in f if line.strip())
    return found


def logs(state):
    mail = os.path.join(state, "mail") + os.sep
    out = []
    for d, _, files in os.walk(state):
        if (d + os.sep).startswith(mail):
            continue
        in_log_dir = os.path.basename(d) in ("log", "pg_log")
        for name in files:
            if in_log_dir or name.endswith(".log") or name == "log":
                out.append(os.path.join(d, name))
    return sorted(out)


def main():
    state, results = sys.argv[1], sys.argv[2]
    toks = tokens(state)
    files = logs(state)
    finds = []
    for path in files:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        for no, line in enumerate(lines, 1):
            once = urllib.parse.unquote(line)
            spellings = (line, once, urllib.parse.unquote(once))
            for t in toks:
                if any(t in s for s in spellings):
                    finds.append((path, no, t[:4]))
    print("token-logs: %d reply tokens, %d log files" % (len(toks), len(files)))
    for path, no, head in finds:
        print("token-logs: a reply token (%s...) in %s line %d" % (head, path, no))
    with open(results, "a") as f:
        f.write("token-logs %d %d\n" % (0 if finds else 1, 1 if finds else 0))
    return 1 if finds else 0


if __name__ == "__main__":
    sys.exit(main())
