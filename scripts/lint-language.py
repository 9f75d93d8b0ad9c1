#!/usr/bin/python3
"""Plain-language (B1) linter for the Dutch text of Gezinsportaal.

Usage:  scripts/lint-language.py [i18n/nl.po [i18n/jargon-nl.txt]]

Reads the Dutch source strings (the msgids of i18n/nl.po) and the jargon
list (i18n/jargon-nl.txt) and exits 1 with a report when it finds:

  * a sentence of more than 20 words;
  * a page whose strings average more than 12 words per sentence;
  * a page whose text scores under 60 on the Flesch-Douma reading ease
        206.84 - 0.77 * (syllables per 100 words) - 0.93 * (words per sentence)
    (pages of fewer than 10 words are shown in the table but never fail on
    the score: the formula means nothing for a few words);
  * a word or phrase from the jargon list.  Entries whose plain
    alternative is "explain" are legal terms that must stay; they are
    allowed only in a .po entry that carries a translator comment
    "#. TRANSLATORS: ..." of at least three words giving the explanation.

Pages.  A page is a file named in an entry's "#: file:line" references
(templates/*.html, cgi/*.c, lib/*.c).  A string referenced by several
files counts once for each of them; referenced twice in one file, once.

Counting.
  * Words: the text split on white space, punctuation stripped from both
    ends; a piece counts when it has a letter or a digit, or is a
    placeholder such as {name} (one word, one syllable).
  * Sentences: a string is split after . ! or ? followed by white space
    or the end; a string without end punctuation (a heading, a button) is
    one sentence.  Strings are never joined: each is its own sentence(s).
  * Skipped: entries with no letters, and strftime formats such as
    "%A %-d %B %Y" (they are dates on screen, not sentences).
  * Syllables (Dutch, an approximation).  Each word is cut into vowel
    units, longest match first: the letters a e i o u y, with "ij" (and
    "ĳ") as a vowel, and the common Dutch digraphs and trigraphs
        aai ooi oei eeu ieu eau  aa ee oo uu ie oe eu ei ij ui ou au  éé
    each one unit.  Every unit is one syllable, so two units side by side
    are a hiatus ("ge-o-pend", "si-tu-a-tie", "be-ant-woor-den").  A vowel
    with a diaeresis (ë ï ö ü ä) always starts a new syllable
    ("i-dee-ën"); the u of "qu" is not a vowel.  Known misses: English
    loans with a silent e ("website"), "eu" split over a prefix ("ge-uit"),
    a hiatus written without diaeresis ("mu-se-um"), English "oa"
    ("coach").  When python3-pyphen
    and its nl_NL hyphenation patterns are installed, the count is the
    larger of the vowel-unit count and the number of hyphenation pieces
    (pyphen never cuts off a single letter at a word's edge, so it
    undercounts "i-dee"; the vowel units undercount "ge-uit": the larger
    of the two is closer than either).  Only hyphenation pieces that hold
    a vowel count: the patterns sometimes cut off a linking s
    ("ge-zin-s-por-taal").  Digits count one syllable each
    ("15" is "vijf-tien").  On the 38 test words in
    tests/language/test_lint_language.py this gets 37 right with pyphen
    (miss: "wijkcoach", whose "oa" counts as two) and 36 without it (also
    "museum").

Output: one line per problem, "nl.po: <file>: <problem>: <text>", then a
table per page (words, sentences, words/sentence, syllables/100 words,
Flesch-Douma), then "lint-language: N problems".

Importable: syllables(word), sentences(text), words(text),
flesch_douma(text), check(po_path, jargon_path) -> list of Problem,
analyse(po_path, jargon_path) -> (problems, pages).
"""

import collections
import os
import re
import sys

try:
    import pyphen  # Debian: python3-pyphen (+ hyphen-nl)
    try:
        _PYPHEN = pyphen.Pyphen(lang="nl_NL")
    except (KeyError, OSError):
        _PYPHEN = None
except ImportError:  # pragma: no cover - depends on the machine
    _PYPHEN = None

MAX_SENTENCE_WORDS = 20
MAX_AVG_WORDS = 12.0
MIN_FLESCH_DOUMA = 60.0
MIN_PAGE_WORDS = 10
MIN_EXPLANATION_WORDS = 3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PO = os.path.join(ROOT, "i18n", "nl.po")
DEFAULT_JARGON = os.path.join(ROOT, "i18n", "jargon-nl.txt")


# --- counting --------------------------------------------------------------

_PLACEHOLDER = re.compile(r"^\{[A-Za-z_][A-Za-z0-9_]*\}$")
_STRIP = "\"'.,;:!?()[]<>«»“”‘’„…*/"
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s+|$)")
# strftime conversions that printf does not have, or any with a flag.
_STRFTIME = re.compile(r"%(?:[-_0^#][a-zA-Z]|[aAbBeHIjmMpSyYZ])")

_UNITS = sorted(
    ["aai", "ooi", "oei", "eeu", "ieu", "eau",
     "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ij", "ui", "ou", "au",
     "éé", "a", "e", "i", "o", "u", "y", "ĳ",
     "á", "à", "â", "é", "è", "ê", "í", "î", "ó", "ô", "ú", "û"],
    key=len, reverse=True)
_DIAERESIS = set("äëïöü")
_VOWEL_LETTERS = set("aeiouyĳáàâéèêíîóôúû") | _DIAERESIS


def _vowel_units(word):
    """Syllables of one word (letters only, lower case) by vowel units."""
    n = 0
    i = 0
    while i < len(word):
        c = word[i]
        if c in _DIAERESIS:
            n += 1
            i += 1
            continue
        if c == "u" and i > 0 and word[i - 1] == "q":
            i += 1
            continue
        if c in _VOWEL_LETTERS:
            for unit in _UNITS:
                if word.startswith(unit, i):
                    n += 1
                    i += len(unit)
                    break
            continue
        i += 1
    return n


def _pyphen_count(word):
    """Hyphenation pieces that hold a vowel (the nl_NL patterns sometimes
    cut off a linking s: "ge-zin-s-por-taal")."""
    if _PYPHEN is None or len(word) < 2:
        return 0
    pieces = _PYPHEN.inserted(word, hyphen="\x00").split("\x00")
    return sum(1 for p in pieces if any(c in _VOWEL_LETTERS for c in p))


def syllables(word):
    """Approximate number of syllables of a Dutch word (see module doc)."""
    w = word.strip(_STRIP).lower()
    if _PLACEHOLDER.match(w):
        return 1
    total = 0
    for part in re.split(r"[-‐–/]+", w):
        digits = sum(ch.isdigit() for ch in part)
        letters = "".join(ch for ch in part if ch.isalpha())
        n = 0
        if letters:
            n = max(_vowel_units(letters), _pyphen_count(letters), 1)
        total += n + digits
    return max(total, 1)


def words(text):
    """The words of a text: placeholders are one word; bare punctuation none."""
    out = []
    for tok in text.split():
        t = tok.strip(_STRIP)
        if not t:
            continue
        if _PLACEHOLDER.match(t) or any(ch.isalnum() for ch in t):
            out.append(t)
    return out


def sentences(text):
    """Split on . ! ? followed by white space or the end; drop wordless bits."""
    if isinstance(text, (list, tuple)):
        out = []
        for t in text:
            out.extend(sentences(t))
        return out
    parts = _SENTENCE_END.split(text.strip())
    return [p.strip() for p in parts if p and words(p)]


def text_stats(texts):
    """(words, sentences, syllables) of a string or a list of strings."""
    if isinstance(texts, str):
        texts = [texts]
    n_words = n_sent = n_syl = 0
    for s in sentences(list(texts)):
        ws = words(s)
        n_sent += 1
        n_words += len(ws)
        n_syl += sum(syllables(w) for w in ws)
    return n_words, n_sent, n_syl


def flesch_douma(text):
    """Flesch-Douma reading ease of a string or a list of strings
    (each string its own sentence(s)).  None if there are no words."""
    n_words, n_sent, n_syl = text_stats(text)
    if n_words == 0:
        return None
    return (206.84 - 0.77 * (100.0 * n_syl / n_words)
            - 0.93 * (n_words / n_sent))


# --- reading the files -----------------------------------------------------

Entry = collections.namedtuple("Entry", "msgid refs comments line")


def _unquote(s):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError("not a quoted string: %s" % s)
    body = s[1:-1]
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r'\\(.)', lambda m: esc.get(m.group(1), m.group(1)), body)


def read_po(path):
    """The entries of a .po file: msgid, references, extracted comments.
    Fuzzy entries count too: the msgid is what the page shows."""
    entries = []
    refs, comments, msgid, field, start = [], [], None, None, 0

    def flush():
        if msgid is not None and msgid != "":
            entries.append(Entry(msgid, list(refs), list(comments), start))

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            s = line.strip()
            if not s:
                continue
            if s.startswith("#~"):
                continue
            if s.startswith("#") and field is not None and field != "comment":
                flush()
                refs, comments, msgid, field = [], [], None, None
            if s.startswith("#:"):
                field = "comment"
                refs.extend(s[2:].split())
            elif s.startswith("#."):
                field = "comment"
                comments.append(s[2:].strip())
            elif s.startswith("#"):
                field = "comment"
            elif s.startswith("msgctxt "):
                if field not in (None, "comment"):
                    flush()
                    refs, comments = [], []
                msgid, field = None, "msgctxt"
            elif s.startswith("msgid "):
                if field not in (None, "comment", "msgctxt"):
                    flush()
                    refs, comments = [], []
                msgid, field, start = _unquote(s[6:]), "msgid", lineno
            elif s.startswith("msgid_plural "):
                field = "plural"
            elif s.startswith("msgstr"):
                field = "msgstr"
            elif s.startswith('"'):
                if field == "msgid":
                    msgid += _unquote(s)
            else:
                raise ValueError("%s:%d: cannot read: %s" % (path, lineno, s))
    flush()
    return entries


Jargon = collections.namedtuple("Jargon", "term plain pattern")


def read_jargon(path):
    """Entries "jargon -> plain", longest term first."""
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            if "->" not in s:
                raise ValueError("%s:%d: expected 'jargon -> plain': %s"
                                 % (path, lineno, s))
            term, plain = (x.strip() for x in s.split("->", 1))
            if not term or not plain:
                raise ValueError("%s:%d: empty side: %s" % (path, lineno, s))
            body = r"\s+".join(re.escape(p) for p in term.split())
            pat = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)
            out.append(Jargon(term, plain, pat))
    out.sort(key=lambda j: len(j.term), reverse=True)
    return out


# --- checking --------------------------------------------------------------

class Problem(collections.namedtuple("Problem", "where problem text")):
    def __str__(self):
        return "nl.po: %s: %s: %s" % (self.where, self.problem, self.text)


Page = collections.namedtuple(
    "Page", "name words sentences syllables wps syl100 score short")


def _skipped(msgid):
    return not any(ch.isalpha() for ch in msgid) or bool(_STRFTIME.search(msgid))


def _is_prose(msgid):
    """Running text: ends a sentence somewhere. Labels ("moeder",
    "Inloggen", "Wie helpen het gezin") are headings, buttons and list
    words: Flesch-Douma measures running text, and on single words it only
    measures the length of Dutch nouns, so labels are left out of the page
    scores (they are still checked for jargon)."""
    return re.search(r"[.!?]", msgid) is not None


def _where(entry):
    if not entry.refs:
        return "(no reference, line %d)" % entry.line
    more = len(entry.refs) - 1
    return entry.refs[0] + (" (+%d more)" % more if more else "")


def _page_of(ref):
    m = re.match(r"^(.*?)(?::\d+)?$", ref)
    return m.group(1)


def _has_explanation(entry):
    for c in entry.comments:
        m = re.match(r"TRANSLATORS:\s*(.*)$", c)
        if m and len(words(m.group(1))) >= MIN_EXPLANATION_WORDS:
            return True
    return False


def _jargon_problems(entry, jargon):
    found = []
    taken = []  # spans already matched by a longer term
    for j in jargon:
        for m in j.pattern.finditer(entry.msgid):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            if j.plain.lower() == "explain":
                if not _has_explanation(entry):
                    found.append((m.start(), Problem(
                        _where(entry),
                        'legal term "%s" without a "#. TRANSLATORS:" '
                        "comment explaining it" % m.group(0),
                        entry.msgid)))
            else:
                found.append((m.start(), Problem(
                    _where(entry),
                    'jargon "%s", write "%s"' % (m.group(0), j.plain),
                    entry.msgid)))
    return [p for _, p in sorted(found, key=lambda x: x[0])]


def analyse(po_path=DEFAULT_PO, jargon_path=DEFAULT_JARGON):
    """(problems, pages) for a .po file and a jargon list."""
    entries = read_po(po_path)
    jargon = read_jargon(jargon_path)
    problems = []
    by_page = collections.OrderedDict()
    for e in entries:
        if _skipped(e.msgid):
            continue
        for s in sentences(e.msgid):
            n = len(words(s))
            if n > MAX_SENTENCE_WORDS:
                problems.append(Problem(
                    _where(e), "sentence of %d words (max %d)"
                    % (n, MAX_SENTENCE_WORDS), s))
        problems.extend(_jargon_problems(e, jargon))
        if not _is_prose(e.msgid):
            continue
        for page in sorted({_page_of(r) for r in e.refs}):
            by_page.setdefault(page, []).append(e.msgid)

    pages = []
    for name in sorted(by_page):
        texts = by_page[name]
        n_words, n_sent, n_syl = text_stats(texts)
        if n_words == 0:
            continue
        wps = n_words / n_sent
        syl100 = 100.0 * n_syl / n_words
        score = flesch_douma(texts)
        short = n_words < MIN_PAGE_WORDS
        pages.append(Page(name, n_words, n_sent, n_syl, wps, syl100,
                          score, short))
        if wps > MAX_AVG_WORDS:
            longest = max(sentences(texts), key=lambda s: len(words(s)))
            problems.append(Problem(
                name, "%.1f words per sentence on average (max %d), "
                "longest" % (wps, MAX_AVG_WORDS), longest))
        if not short and score < MIN_FLESCH_DOUMA:
            hardest = min(texts, key=lambda t: flesch_douma(t))
            problems.append(Problem(
                name, "Flesch-Douma %.1f (min %d), hardest string"
                % (score, MIN_FLESCH_DOUMA), hardest))
    return problems, pages


def check(po_path=DEFAULT_PO, jargon_path=DEFAULT_JARGON):
    """The list of problems (empty when the text is plain enough)."""
    return analyse(po_path, jargon_path)[0]


def table(pages):
    head = ("page", "words", "sentences", "words/sentence",
            "syllables/100 words", "Flesch-Douma")
    rows = []
    for p in pages:
        note = "  (under %d words: score not judged)" % MIN_PAGE_WORDS \
            if p.short else ""
        rows.append((p.name, str(p.words), str(p.sentences),
                     "%.1f" % p.wps, "%.1f" % p.syl100,
                     "%.1f%s" % (p.score, note)))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    lines = []
    for r in [head] + rows:
        lines.append("  ".join(
            [r[0].ljust(widths[0])]
            + [r[i].rjust(widths[i]) for i in range(1, 5)] + [r[5]]))
    return "\n".join(lines)


def main(argv):
    po = argv[1] if len(argv) > 1 else DEFAULT_PO
    jargon = argv[2] if len(argv) > 2 else DEFAULT_JARGON
    try:
        problems, pages = analyse(po, jargon)
    except (OSError, ValueError) as e:
        print("lint-language: %s" % e, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    if pages:
        print(table(pages))
    print("lint-language: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
