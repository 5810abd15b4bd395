"""axe-core on the public pages: no serious or critical violation (WCAG 2.2 AA is the bar)."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "hub-ar": "/ar/western-balkans/",
    "hub-en": "/en/western-balkans/",
    "municipality-en": "/en/municipalities/gjilan/",
    "search-en": "/en/search/?q=gjilan",
    "home-ar": "/ar/",
}
BLOCKING = {"serious", "critical"}
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


def test_public_pages_have_no_serious_axe_violation_when_checked(site, page, artifacts, axe):
    found = {}
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        violations = axe.run(page, options=OPTIONS).response["violations"]
        (artifacts / f"axe-{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            found[path] = blocking
        others = [v for v in violations if v["impact"] not in BLOCKING]
        if others:
            print(f"{path}: minor axe findings\n{describe(others)}")
    assert not found, "axe violations:\n" + "\n".join(f"{path}\n{describe(v)}" for path, v in found.items())
