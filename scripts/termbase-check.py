#!/usr/bin/python3
"""The translators' termbase (i18n/termbase.tsv): one translation per
language for each term of the glossary.

Each row is a Dutch term and its one translation per language. A cell is
the term as translators write it, optionally followed by " = REGEX": the
forms that count as that translation (inflections, Arabic prefixes); the
Dutch cell's regex finds the term in a msgid (whole words, any case). An
entry whose msgid holds the term must hold the translation in its msgstr:
anything else is the term translated another way, and the check fails,
naming the entry. An entry may leave a term out on purpose with a
translator comment "# termbase: leaves out TERM" (TERM = the Dutch cell's
term), e.g. when the sentence says "they" for it.

One word per thing in Dutch (i18n/one-word.tsv): a Dutch text families
read (an i18n/nl.po msgid, an i18n/jong/nl.po youth form) that uses
another word for a thing of the list fails, naming the entry.

Usage: termbase-check.py [TERMBASE [PO...]]   (default: the catalogues
i18n/{en,ar,tr,pl,uk}.po, and the Dutch words check). Exit 1 on a problem.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ("en", "ar", "tr", "pl", "uk")


def _unquote(s):
    s = s[1:-1]
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


class Term:
    def __init__(self, cell, dutch=False):
        term, _, rx = cell.partition(" = ")
        self.term = term.strip()
        rx = rx.strip() or re.escape(self.term)
        if dutch:
            rx = r"(?<![\w{-])(?:%s)(?![\w}-])" % rx
        self.rx = re.compile(rx, re.I)


def read_termbase(path):
    """[(Term nl, {lang: Term})] from the TSV (a header line, # comments)."""
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                if header[0] != "nl":
                    raise ValueError("%s:%d: the first column is nl" % (path, n))
                continue
            if len(cells) != len(header):
                raise ValueError("%s:%d: %d cells, the header has %d"
                                 % (path, n, len(cells), len(header)))
            rows.append((Term(cells[0], True),
                         {h: Term(c) for h, c in zip(header[1:], cells[1:])}))
    return rows


def read_po(path):
    """[(msgctxt, msgid, msgid_plural, [msgstr...], comments)]."""
    out = []
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        e = {"msgctxt": None, "msgid": None, "msgid_plural": None}
        strs, notes, field = [], [], None
        for line in block.splitlines():
            if line.startswith("#~"):
                continue
            if line.startswith("# "):
                notes.append(line[2:].strip())
                continue
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if m:
                field = m.group(1)
                if field.startswith("msgstr"):
                    strs.append(_unquote(m.group(2)))
                else:
                    e[field] = _unquote(m.group(2))
            elif line.startswith('"') and field is not None:
                if field.startswith("msgstr"):
                    strs[-1] += _unquote(line)
                else:
                    e[field] += _unquote(line)
        if e["msgid"]:
            out.append((e["msgctxt"], e["msgid"], e["msgid_plural"], strs, notes))
    return out


def problems(termbase, po_path, lang):
    """Lines naming each entry that translates a term another way."""
    out = []
    for ctxt, msgid, plural, strs, notes in read_po(po_path):
        src = msgid + "\n" + (plural or "")
        for nl, tr in termbase:
            if lang not in tr or not nl.rx.search(src):
                continue
            if "termbase: leaves out %s" % nl.term in notes:
                continue
            for s in strs:
                if s and not tr[lang].rx.search(s):
                    out.append('%s: "%s" is "%s" in the termbase, not in: msgid "%s" -> "%s"'
                               % (os.path.basename(po_path), nl.term, tr[lang].term,
                                  msgid, s))
                    break
    return out


def read_one_word(path):
    """[(word, compiled regex of the other words)] from i18n/one-word.tsv."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
                raise ValueError("%s:%d: a word, a tab and the other words" % (path, n))
            rows.append((cells[0].strip(), re.compile(
                r"(?<![\w{-])(?:%s)(?![\w}-])" % cells[1].strip(), re.I)))
    return rows


def one_word_problems(rows, po_path, source):
    """Lines naming each Dutch text that uses another word for a thing.
    source: the catalogue's msgids are the text (nl.po); else its
    non-empty msgstrs are (jong/nl.po)."""
    out = []
    name = os.path.relpath(po_path, ROOT) if po_path.startswith(ROOT) else po_path
    for ctxt, msgid, plural, strs, notes in read_po(po_path):
        texts = [msgid] + ([plural] if plural else []) if source else [s for s in strs if s]
        for word, rx in rows:
            for t in texts:
                m = rx.search(t)
                if m and "one word: allows %s" % m.group(0) not in notes:
                    out.append('%s: "%s" is the word for this, not "%s", in: "%s"'
                               % (name, word, m.group(0), t))
                    break
    return out


def main(argv):
    tb = argv[1] if len(argv) > 1 else os.path.join(ROOT, "i18n", "termbase.tsv")
    pos = argv[2:] or [os.path.join(ROOT, "i18n", l + ".po") for l in LANGS]
    termbase = read_termbase(tb)
    bad = []
    for po in pos:
        bad += problems(termbase, po, os.path.basename(po)[:-3])
    # One word per thing in Dutch (only on the default run: the tests
    # call one_word_problems themselves).
    nwords = 0
    if len(argv) <= 2:
        rows = read_one_word(os.path.join(ROOT, "i18n", "one-word.tsv"))
        nwords = len(rows)
        bad += one_word_problems(rows, os.path.join(ROOT, "i18n", "nl.po"), True)
        bad += one_word_problems(rows, os.path.join(ROOT, "i18n", "jong", "nl.po"), False)
    for line in bad:
        print("termbase: " + line)
    print("termbase: %d terms, %d catalogues, %d Dutch words, %d problems"
          % (len(termbase), len(pos), nwords, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
