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


class OneWord(unittest.TestCase):
    """One word per thing in Dutch (i18n/one-word.tsv): a second word for
    a thing in nl.po or a youth form fails, naming the entry."""

    def setUp(self):
        self.rows = tb.read_one_word(os.path.join(ROOT, "i18n", "one-word.tsv"))
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def po(self, *entries):
        path = os.path.join(self.dir, "nl.po")
        with open(path, "w", encoding="utf-8") as f:
            f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
            f.write("".join(entries))
        return path

    def test_the_dutch_catalogues_pass(self):
        self.assertEqual(tb.one_word_problems(self.rows, os.path.join(ROOT, "i18n", "nl.po"), True), [])
        self.assertEqual(tb.one_word_problems(
            self.rows, os.path.join(ROOT, "i18n", "jong", "nl.po"), False), [])

    def test_the_things_are_there(self):
        words = [w for w, _ in self.rows]
        for w in ("stuk", "vraag om verandering", "eigen visie", "hulpverlener", "balie"):
            self.assertIn(w, words)

    def test_a_planted_second_word_fails(self):
        path = self.po(entry("Uw stukken", "Uw stukken"),
                       entry("Bekijk uw documenten", "Bekijk uw documenten"))
        got = tb.one_word_problems(self.rows, path, True)
        self.assertEqual(len(got), 1)
        self.assertIn('"stuk"', got[0])
        self.assertIn('"documenten"', got[0])
        for text in ("Uw verzoek is verstuurd.", "Schrijf uw eigen mening.",
                     "U heeft nog niet gereageerd.", "Ga naar het loket.",
                     "Bel uw begeleider."):
            self.assertEqual(len(tb.one_word_problems(self.rows, self.po(entry(text, text)), True)),
                             1, text)

    def test_a_youth_form_is_checked_not_its_msgid(self):
        path = self.po(entry("Uw vraag", "Je verzoek"), entry("Uw verzoek", ""))
        got = tb.one_word_problems(self.rows, path, False)
        self.assertEqual(len(got), 1)
        self.assertIn("Je verzoek", got[0])

    def test_placeholders_longer_words_and_allowed_words_pass(self):
        path = self.po(entry("U deelt \\\"{document}\\\".", ""),
                       entry("Een verzoekschrift gaat naar de rechter.", ""),
                       entry("Een Verblijfsdocument.", ""),
                       entry("Het loket van de rechtbank.", "", "one word: allows loket"))
        self.assertEqual(tb.one_word_problems(self.rows, path, True), [])

    def test_a_broken_row_is_an_error(self):
        bad = os.path.join(self.dir, "ow.tsv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("stuk\n")
        with self.assertRaises(ValueError):
            tb.read_one_word(bad)


if __name__ == "__main__":
    unittest.main()
