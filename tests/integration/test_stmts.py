"""The statements and the schema in step (lib/db, issue 13): lib/db's unit
test run against this stack's database, where a statement declared with
other columns or parameters than PostgreSQL describes is refused. That
every statement of the portal is as declared shows in the portal having
started at all: it refuses to, naming the statement, otherwise."""
import os
import subprocess

from portal import ROOT, STATE_DIR


def test_declared_columns_checked_against_this_database():
    exe = os.path.join(ROOT, os.environ.get("BUILD", "build"), "tests", "test_db")
    env = dict(os.environ, GP_TEST_DATABASE="host=%s/pg port=5432 dbname=portal "
               "user=portal_app connect_timeout=3" % STATE_DIR)
    out = subprocess.run([exe], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[       OK ] test_db_declared_columns_checked" in out.stdout, out.stdout
    # db_each: a stream the caller stops is cancelled in PostgreSQL, and
    # the connection serves the next statement (it would never end if
    # db_each read the rest of its 2^31 rows)
    assert "[       OK ] test_db_each_stopped_cancels" in out.stdout, out.stdout
    assert "SKIPPED" not in out.stdout, out.stdout
