"""The C check of what professionals write (lib/b1.c) and the language
linter (scripts/lint-language.py) count alike: both are run over the same
100 sentences, tests/language/b1-sentences.tsv.  This test checks the
linter against the file; tests/unit/test_b1.c checks lib/b1.c against it.

A line of the file:  words TAB sentences TAB syllables TAB long sentences
TAB jargon terms (";" between, in text order) TAB the text.

After a change to the linter or the jargon list that changes a count on
purpose, write the file again:
    /usr/bin/python3 tests/language/test_b1_agree.py --write
and check the diff: lib/b1.c must then give the same (make unit).
"""

import importlib.util
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "lint_language", os.path.join(ROOT, "scripts", "lint-language.py"))
ll = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ll)

FIXTURE = os.path.join(ROOT, "tests", "language", "b1-sentences.tsv")
JARGON = os.path.join(ROOT, "i18n", "jargon-nl.txt")


def measure(text, jargon):
    """What lib/b1.c reports for a text: each line a string of its own."""
    lines = text.split("\n")
    n_words, n_sent, n_syl = ll.text_stats(lines)
    longs = sum(1 for s in ll.sentences(lines)
                if len(ll.words(s)) > ll.MAX_SENTENCE_WORDS)
    found, taken = [], []
    for j in jargon:
        for m in j.pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), j.term))
    terms = ";".join(t for _, t in sorted(found))
    return "%d\t%d\t%d\t%d\t%s" % (n_words, n_sent, n_syl, longs, terms)


def read_fixture():
    rows = []
    with open(FIXTURE, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            want, text = line.rsplit("\t", 1)
            rows.append((want, text))
    return rows


class AgreeTest(unittest.TestCase):
    def test_pyphen_is_there(self):
        # Without the patterns both fall back to vowel units, and the
        # agreement would say nothing about hyphenation.
        self.assertIsNotNone(ll._PYPHEN)

    def test_hundred_sentences(self):
        rows = read_fixture()
        self.assertEqual(len(rows), 100)
        jargon = ll.read_jargon(JARGON)
        for want, text in rows:
            with self.subTest(text=text):
                self.assertEqual(measure(text, jargon), want)


def write(texts):
    jargon = ll.read_jargon(JARGON)
    with open(FIXTURE, "w", encoding="utf-8") as f:
        f.write("# words\tsentences\tsyllables\tlong\tjargon\ttext "
                "(tests/language/test_b1_agree.py)\n")
        for t in texts:
            f.write("%s\t%s\n" % (measure(t, jargon), t))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write([t for _, t in read_fixture()])
    else:
        unittest.main()
