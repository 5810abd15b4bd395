"""Rules the suite keeps so that its tests stay independent of their order and of the worker they run in."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
TRANSACTIONAL = re.compile(r"transaction\s*=\s*True|transactional_db|TransactionTestCase|serialized_rollback")


def test_no_unit_test_is_transactional():
    """A transactional test flushes the database when it ends: the rows that migrations made (Wagtail's root
    page, staff groups, content types) are then gone for every later test of the same worker. Such tests
    live in e2e/, which runs in one process with the other transactional tests (docs/testing.md)."""
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("test_*.py")
        if path.name != pathlib.Path(__file__).name and TRANSACTIONAL.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []
