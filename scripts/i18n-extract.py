#!/usr/bin/python3
"""Writes the translation template i18n/gezinsportaal.pot.

Strings come from two places: C files (xgettext, keywords _ and N_, with
TRANSLATORS: comments) and templates ({{t "..."}} and {{tn "..." "..." n}}
in templates/**/*.html and the mails templates/mail/**/*.txt, extracted
here because xgettext does not read them).
Usage: i18n-extract.py OUT.pot
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = re.compile(r'\{\{(tc|tn|t)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)')
STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


def po_quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def unescape(s):
    return re.sub(r'\\(.)', r'\1', s)


def templates():
    out = {}
    tdir = os.path.join(ROOT, "templates")
    for dirpath, _, files in os.walk(tdir):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, ROOT)
            if not (f.endswith(".html") or
                    (f.endswith(".txt") and rel.startswith("templates/mail/"))):
                continue
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    for m in TAG.finditer(line):
                        strs = [unescape(s) for s in STR.findall(m.group(2))]
                        if m.group(1) == "tn":
                            key = tuple(strs[:2])
                        elif m.group(1) == "tc":
                            key = ("ctx", strs[0], strs[1])
                        else:
                            key = (strs[0],)
                        refs = out.setdefault(key, [])
                        if rel not in refs:
                            refs.append(rel)
    return out


def main():
    out = sys.argv[1]
    cfiles = sorted(
        os.path.relpath(os.path.join(d, f), ROOT)
        for sub in ("cgi", "lib")
        for d, _, fs in os.walk(os.path.join(ROOT, sub))
        for f in fs if f.endswith(".c"))
    subprocess.run(
        ["xgettext", "--from-code=UTF-8", "-k_", "-kN_", "-kNC_:1c,2",
         "--add-comments=TRANSLATORS:", "--package-name=gezinsportaal",
         "--no-wrap", "--add-location=file", "-o", out] + cfiles,
        cwd=ROOT, check=True)
    with open(out, "a", encoding="utf-8") as fh:
        for key, refs in sorted(templates().items(), key=lambda kv: kv[1][0]):
            fh.write("\n#: %s\n" % " ".join(refs))
            if len(key) == 3:
                fh.write("msgctxt %s\nmsgid %s\nmsgstr \"\"\n"
                         % (po_quote(key[1]), po_quote(key[2])))
            elif len(key) == 2:
                fh.write("msgid %s\nmsgid_plural %s\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n"
                         % (po_quote(key[0]), po_quote(key[1])))
            else:
                fh.write("msgid %s\nmsgstr \"\"\n" % po_quote(key[0]))
    # Merge duplicates (a string both in C and in a template).
    subprocess.run(["msguniq", "--no-wrap", "--add-location=file", "-o", out,
                    out], check=True)


if __name__ == "__main__":
    main()
