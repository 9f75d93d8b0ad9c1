#!/usr/bin/python3
"""Dutch is the source language: copy each msgid into its empty msgstr."""
import re
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
entries = text.split("\n\n")
out = []
for e in entries:
    m = re.search(r'^msgid (".*")\nmsgstr ""$', e, re.M)
    if m and m.group(1) != '""':
        e = e.replace('\nmsgstr ""', "\nmsgstr " + m.group(1), 1)
    m = re.search(r'^msgid (".*")\nmsgid_plural (".*")\nmsgstr\[0\] ""\nmsgstr\[1\] ""$', e, re.M)
    if m:
        e = re.sub(r'msgstr\[0\] ""\nmsgstr\[1\] ""',
                   lambda _: "msgstr[0] %s\nmsgstr[1] %s" % (m.group(1), m.group(2)), e)
    out.append(e)
open(path, "w", encoding="utf-8").write("\n\n".join(out))
