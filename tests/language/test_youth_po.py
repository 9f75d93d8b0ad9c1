"""Checks of i18n/jong/nl.po, the Dutch that youths read ("je", not "u";
DESIGN.md section 5, lib/i18n.h).

Every Dutch string that says "u" or "uw" has a youth form there, or the
comment "# alleen voor medewerkers" (only staff read it). A youth form says
no "u", keeps the placeholders in their order, and stays B1 (no sentence
over 20 words, no jargon). A string that does not say "u" may have a youth
form too (words for a youth, not about "een kind"), but never one that only
copies the adult text, and never a staff-only string.
"""

import importlib.util
import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "lint_language", os.path.join(ROOT, "scripts", "lint-language.py"))
ll = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ll)

YOUTH_PO = os.path.join(ROOT, "i18n", "jong", "nl.po")
STAFF_ONLY = "# alleen voor medewerkers"
U_FORM = re.compile(r"(?<![\w'-])(?:[Uu]|[Uu]w|[Uu]zelf)(?![\w'-])")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%[-0-9.]*l?[sdu]")


def read_entries(path):
    """(msgid, msgid_plural or None, [msgstr...], staff_only) per entry;
    msgmerge writes the file without wrapping (scripts/i18n-update.sh)."""
    out = []
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        msgid = plural = None
        strs, staff = [], False
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                continue
            if line.strip() == STAFF_ONLY:
                staff = True
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if m:
                field = m.group(1)
                val = ll._unquote(m.group(2))
                if field == "msgid":
                    msgid = val
                elif field == "msgid_plural":
                    plural = val
                else:
                    strs.append(val)
            elif line.startswith('"') and field is not None:
                val = ll._unquote(line)
                if field == "msgid":
                    msgid += val
                elif field == "msgid_plural":
                    plural += val
                else:
                    strs[-1] += val
        if msgid:
            out.append((msgid, plural, strs, staff))
    return out


def missing_forms(entries):
    """The strings that say "u", with no youth form and not for staff."""
    return [e[0] for e in entries
            if U_FORM.search(e[0] + (e[1] or "")) and not any(e[2])
            and not e[3]]


class YouthCatalogue(unittest.TestCase):
    def setUp(self):
        self.entries = read_entries(YOUTH_PO)
        self.jargon = ll.read_jargon(os.path.join(ROOT, "i18n", "jargon-nl.txt"))

    def test_it_has_every_string_of_the_template(self):
        pot = read_entries(os.path.join(ROOT, "i18n", "gezinsportaal.pot"))
        self.assertEqual(sorted(e[0] for e in pot),
                         sorted(e[0] for e in self.entries))

    def test_every_u_string_has_a_youth_form_or_is_for_staff(self):
        self.assertEqual(missing_forms(self.entries), [], "say it with 'je', or mark it '%s'"
                         % STAFF_ONLY)
        self.assertGreater(sum(1 for e in self.entries if any(e[2])), 100)

    def test_youth_forms_say_je(self):
        bad = [s for e in self.entries for s in e[2] if U_FORM.search(s)]
        self.assertEqual(bad, [])

    def test_youth_forms_are_not_copies_and_not_for_staff(self):
        # A string without "u" may have a youth form (issue 19: otherwise
        # adult words reach youths), but a copy of the adult text is no form.
        copies = [e[0] for e in self.entries
                  if any(e[2]) and list(e[2]) == [e[0]] + ([e[1]] if e[1] else [])]
        self.assertEqual(copies, [])
        both = [e[0] for e in self.entries if any(e[2]) and e[3]]
        self.assertEqual(both, [], "a youth form for a staff-only string")

    def test_some_strings_without_u_have_a_youth_form(self):
        """The words that address a youth as "een kind" have their own form."""
        forms = {e[0]: e[2] for e in self.entries if any(e[2])}
        for msgid in ("gezag: mag beslissen over de kinderen",):
            self.assertIn(msgid, forms)
            self.assertFalse(U_FORM.search(msgid))
        self.assertTrue(any("Ben je 12 tot en met 15" in s for f in forms.values()
                            for s in f))

    def test_placeholders_and_edges_are_kept(self):
        for msgid, plural, strs, _ in self.entries:
            for i, s in enumerate(x for x in strs if x):
                src = plural if plural and i > 0 else msgid
                self.assertEqual(PLACEHOLDER.findall(s), PLACEHOLDER.findall(src),
                                 msgid)
                self.assertEqual(s[-1:] in ".?!:", src[-1:] in ".?!:", msgid)
                self.assertEqual(s != s.strip(), src != src.strip(), msgid)

    def test_youth_forms_are_b1(self):
        for msgid, _, strs, _ in self.entries:
            for s in (x for x in strs if x):
                for sentence in ll.sentences(s):
                    self.assertLessEqual(len(ll.words(sentence)),
                                         ll.MAX_SENTENCE_WORDS, s)
                for j in self.jargon:
                    self.assertIsNone(j.pattern.search(s), (j.term, s))

    def test_a_missing_youth_form_is_found(self):
        """The check above can fail: a file with a u-string and no form."""
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".po", delete=False,
                                         encoding="utf-8") as f:
            f.write('msgid ""\nmsgstr ""\n\n#: cgi/a.c:1\n'
                    'msgid "U bent uitgelogd."\nmsgstr ""\n\n'
                    '# alleen voor medewerkers\n#: cgi/b.c:1\n'
                    'msgid "Uw tijden"\nmsgstr ""\n\n'
                    '#: cgi/c.c:1\nmsgid "Wilt u {x} zien?"\n'
                    'msgstr "Wil je {x} zien?"\n')
        try:
            got = read_entries(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(got, [("U bent uitgelogd.", None, [""], False),
                               ("Uw tijden", None, [""], True),
                               ("Wilt u {x} zien?", None, ["Wil je {x} zien?"], False)])
        self.assertEqual(missing_forms(got), ["U bent uitgelogd."])


if __name__ == "__main__":
    unittest.main()
