"""Runs the harness's tests and writes their counts as a TRX file on stdout, so scripts/test.sh
sums them with the .NET test projects. unittest's own report goes to stderr.

    python3 -I tests/run.py > Harness.Tests.trx      (inside course/sandbox-python; exit 1 if any failed)
"""
import datetime
import os
import re
import sys
import unittest
from xml.sax.saxutils import escape, quoteattr

TESTS = os.path.dirname(os.path.abspath(__file__))
TRX_NS = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"


def xml_text(text):
    return escape(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "?", text))


def trx(result, started, finished):
    """The TRX's summary: what scripts/test.sh reads (<Counters>), and each failure's text."""
    failed = len(result.failures) + len(result.unexpectedSuccesses)
    errors = len(result.errors)
    skipped = len(result.skipped)
    total = result.testsRun
    passed = total - failed - errors - skipped
    messages = "".join(
        f'\n      <RunInfo computerName="sandbox" outcome="Error" timestamp="{finished}"><Text>{xml_text(f"{test.id()}: {text}")}</Text></RunInfo>'
        for test, text in result.failures + result.errors)
    outcome = "Completed" if failed + errors == 0 else "Failed"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<TestRun id="00000000-0000-0000-0000-000000000000" name={quoteattr("harness tests " + finished)} xmlns="{TRX_NS}">
  <Times creation="{started}" start="{started}" finish="{finished}" />
  <ResultSummary outcome="{outcome}">
    <Counters total="{total}" executed="{total - skipped}" passed="{passed}" failed="{failed}" error="{errors}" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="{skipped}" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
    <RunInfos>{messages}
    </RunInfos>
  </ResultSummary>
</TestRun>
"""


def main():
    # Our stdout is the TRX: anything a test prints goes to stderr instead.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.path.insert(0, TESTS)
    started = datetime.datetime.now(datetime.timezone.utc).isoformat()
    suite = unittest.defaultTestLoader.discover(TESTS, pattern="test_*.py", top_level_dir=TESTS)
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
    out.write(trx(result, started, datetime.datetime.now(datetime.timezone.utc).isoformat()))
    out.close()
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
