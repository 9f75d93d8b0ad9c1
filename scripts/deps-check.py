#!/usr/bin/python3
"""The dependencies of cgi/ go one way (issue 13, DESIGN.md s. 2).

Two graphs, each must have no cycle:
  1. folders: cgi/A depends on cgi/B when a file in A includes "B/...";
  2. files: a.o depends on b.o when a.o uses a symbol b.o defines
     (nm of the objects in BUILD/cgi; the call graph as the linker sees
     it, so a call through a header alone cannot hide an edge).
Folders: app/ sits above the areas, core/ below them; an area may use
core/ and another area only when that area never uses it back.
Usage: deps-check.py [--files-warn] BUILD   (exit 1 and the cycles on a
cycle; --files-warn: a cycle between files only warns)
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)


def cycles(graph):
    """Every elementary cycle found by a depth-first search (one per back
    edge), as lists of nodes."""
    found, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found


def folder_graph():
    graph = {}
    cgi = os.path.join(ROOT, "cgi")
    for area in sorted(os.listdir(cgi)):
        adir = os.path.join(cgi, area)
        if not os.path.isdir(adir):
            continue
        graph.setdefault(area, set())
        for f in sorted(os.listdir(adir)):
            if not f.endswith((".c", ".h")):
                continue
            with open(os.path.join(adir, f), encoding="utf-8") as fh:
                for m in INCLUDE.finditer(fh.read()):
                    if m.group(1) != area:
                        graph[area].add(m.group(1))
    return graph


def symbols(obj):
    out = subprocess.run(["nm", "--defined-only", "-g", obj],
                         capture_output=True, text=True, check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines() if l.strip()}
    out = subprocess.run(["nm", "--undefined-only", obj],
                         capture_output=True, text=True, check=True).stdout
    used = {l.split()[-1] for l in out.splitlines() if l.strip()}
    return defined, used


def file_graph(build):
    objs = []
    base = os.path.join(build, "cgi")
    for d, _, fs in os.walk(base):
        objs += [os.path.join(d, f) for f in fs if f.endswith(".o")]
    if not objs:
        return None
    owner, uses = {}, {}
    for o in sorted(objs):
        name = os.path.relpath(o, build)[:-2] + ".c"
        defined, used = symbols(o)
        for s in defined:
            owner[s] = name
        uses[name] = used
    graph = {}
    for name, used in uses.items():
        graph[name] = {owner[s] for s in used if s in owner and owner[s] != name}
    return graph


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    build = args[0] if args else "build"
    bad = 0
    for c in cycles(folder_graph()):
        print("deps: folders include each other: " + " -> ".join(c))
        bad = 1
    files = file_graph(os.path.join(ROOT, build))
    if files is None:
        print("deps: no objects in %s/cgi (build first)" % build)
        return 1
    for c in cycles(files):
        print("deps: files call each other: " + " -> ".join(c))
        if "--files-warn" not in sys.argv:
            bad = 1
    folders = {}
    for f, deps in files.items():
        a = f.split("/")[1]
        folders.setdefault(a, set()).update(
            d.split("/")[1] for d in deps if d.split("/")[1] != a)
    for c in cycles(folders):
        print("deps: folders call each other: " + " -> ".join(c))
        bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
