#!/usr/bin/python3
"""A small test runner: every function test_* in tests/integration/test_*.py,
in file order, each reported on one line; a failure prints its assertion.
Appends "integration PASSED FAILED" to the results file."""
import argparse
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results")
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    passed = failed = 0
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(fn[:-3], os.path.join(HERE, fn))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        names = [n for n in vars(mod) if n.startswith("test_") and callable(getattr(mod, n))]
        # Keep source order: some tests (outages, lock-outs) go last in a file.
        names.sort(key=lambda n: getattr(mod, n).__code__.co_firstlineno)
        for name in names:
            # -k a,b: the tests whose name holds a or b
            if args.k and not any(k in name for k in args.k.split(",") if k):
                continue
            t0 = time.monotonic()
            try:
                getattr(mod, name)()
            except Exception:
                failed += 1
                print("FAIL %s.%s" % (fn[:-3], name))
                traceback.print_exc(limit=3)
            else:
                passed += 1
                print("ok   %s.%s (%.2fs)" % (fn[:-3], name, time.monotonic() - t0))
            # mails held for joining (F5) go before the next test
            portal = sys.modules.get("portal")
            if portal is not None:
                portal.release_held_mails()
    portal = sys.modules.get("portal")
    if portal is not None and portal.TOTP_FORGOT[0] > 0:
        print("integration: used one-time code steps forgotten %d times"
              % portal.TOTP_FORGOT[0])
    if portal is not None:
        print("integration: SQL as the owner: %d statements in one psql session, "
              "%d psql runs of their own" % tuple(portal.SQL_COUNT))
    print("integration: %d passed, %d failed" % (passed, failed))
    if args.results:
        with open(args.results, "a") as f:
            f.write("integration %d %d\n" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
