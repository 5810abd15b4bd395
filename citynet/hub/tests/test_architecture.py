"""The hub's layers: pages read the page tree, the network's selectors read the registry, views only fetch."""

import ast
from pathlib import Path

HUB = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function, relative imports resolved."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(["citynet", "hub", *([base] if base else [])])
            modules.add(base)
            modules.update(f"{base}.{alias.name}" for alias in node.names)
    return modules


def test_the_hubs_page_models_import_neither_its_selectors_nor_its_views():
    imports = imported_modules(HUB / "models.py")
    assert "citynet.hub.selectors" not in imports
    assert "citynet.hub.views" not in imports


def test_the_hubs_selectors_and_views_query_no_model_themselves():
    for name in ("selectors.py", "views.py"):
        source = (HUB / name).read_text(encoding="utf-8")
        for query in (".objects", ".filter(", ".select_related(", ".partnerships"):
            assert query not in source, f"hub/{name} queries with {query}; read through a selector"
