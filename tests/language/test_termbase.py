"""Checks of scripts/termbase-check.py (make lint): a glossary term of
i18n/termbase.tsv translated a second way in a catalogue fails, naming the
entry; the catalogues as they are pass."""

import importlib.util
import os
import re
import shutil
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "termbase_check", os.path.join(ROOT, "scripts", "termbase-check.py"))
tb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tb)
TERMBASE = os.path.join(ROOT, "i18n", "termbase.tsv")


def entry(msgid, msgstr, note=None):
    return ('\n%s#: cgi/x.c\nmsgid "%s"\nmsgstr "%s"\n'
            % ("# %s\n" % note if note else "", msgid, msgstr))


class Termbase(unittest.TestCase):
    def setUp(self):
        self.termbase = tb.read_termbase(TERMBASE)
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def po(self, lang, *entries):
        path = os.path.join(self.dir, lang + ".po")
        with open(path, "w", encoding="utf-8") as f:
            f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
            f.write("".join(entries))
        return path

    def test_the_catalogues_pass(self):
        for lang in tb.LANGS:
            self.assertEqual(tb.problems(self.termbase, os.path.join(
                ROOT, "i18n", lang + ".po"), lang), [], lang)

    def test_the_glossary_terms_are_there(self):
        terms = [nl.term for nl, _ in self.termbase]
        for t in ("hulpverlener", "stuk", "organisatie", "gezag", "balie",
                  "eigen visie"):
            self.assertIn(t, terms)
        for _, tr in self.termbase:
            self.assertEqual(sorted(tr), sorted(tb.LANGS))

    def test_a_planted_second_translation_fails(self):
        good = entry("Uw hulpverlener", "Twój pracownik socjalny")
        path = self.po("pl", good, entry("Bel uw hulpverlener.",
                                         "Zadzwoń do swojego pracownika socjalnego."))
        self.assertEqual(tb.problems(self.termbase, path, "pl"), [])
        # The same term, now "opiekun" (a guardian) in a second entry.
        path = self.po("pl", good, entry("Kies een hulpverlener", "Wybierz opiekuna"))
        got = tb.problems(self.termbase, path, "pl")
        self.assertEqual(len(got), 1)
        self.assertIn('"hulpverlener"', got[0])
        self.assertIn("Wybierz opiekuna", got[0])
        self.assertEqual(tb.main(["x", TERMBASE, path]), 1)

    def test_arabic_prefixes_and_inflections_count(self):
        path = self.po("ar", entry("Bel uw hulpverlener.", "يرجى الاتصال بالأخصائي الاجتماعي."),
                       entry("Kies een stuk", "اختر وثيقة"),
                       entry("Naar de oudste stukken", "إلى أقدم الوثائق"))
        self.assertEqual(tb.problems(self.termbase, path, "ar"), [])
        path = self.po("ar", entry("Kies een stuk", "اختر مستندًا"))
        self.assertEqual(len(tb.problems(self.termbase, path, "ar")), 1)

    def test_whole_words_and_placeholders_only(self):
        # "gezagsbeëindigende" is not "gezag"; "{document}" is a value.
        path = self.po("en", entry("Een gezagsbeëindigende maatregel.", "A measure."),
                       entry("U deelt \\\"{document}\\\".", "You share \\\"{document}\\\"."))
        self.assertEqual(tb.problems(self.termbase, path, "en"), [])

    def test_an_entry_may_leave_a_term_out_on_purpose(self):
        note = "termbase: leaves out hulpverlener"
        path = self.po("en", entry("Alleen u en die hulpverlener.", "Only the two of you.", note))
        self.assertEqual(tb.problems(self.termbase, path, "en"), [])
        path = self.po("en", entry("Alleen u en die hulpverlener.", "Only the two of you."))
        self.assertEqual(len(tb.problems(self.termbase, path, "en")), 1)

    def test_a_broken_row_is_an_error(self):
        bad = os.path.join(self.dir, "tb.tsv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("nl\ten\tar\nbalie\tcounter\n")
        with self.assertRaises(ValueError):
            tb.read_termbase(bad)


if __name__ == "__main__":
    unittest.main()
