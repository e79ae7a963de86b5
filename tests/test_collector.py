"""Python's garbage collector during a build (slowcinema.web.collector): what the build holds is frozen and the
youngest objects are collected less often while `mkdocs build` runs; afterwards the collector is as it was, whether
the build succeeded or failed."""

from __future__ import annotations

import gc
import json

from conftest import build, make_project

from slowcinema.web import collector

# MkDocs' `hooks:`: what the collector is like in the middle of the build, once every page is read.
HOOK = """
import gc, json
from pathlib import Path

def on_env(env, config, files):
    seen = [gc.get_freeze_count(), gc.get_threshold()[0]]
    Path(config.config_file_path).with_name("collector.json").write_text(json.dumps(seen), encoding="utf-8")
    return env
"""


def test_a_build_freezes_what_it_holds_and_leaves_the_collector_as_it_was(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count()
    p = make_project(tmp_path / "p")
    p.essay("the-shape-of-waiting")
    (p.root / "hooks.py").write_text(HOOK, encoding="utf-8")
    config = p.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    result = build(p.root)
    assert result.ok, result.messages()
    frozen, young = json.loads((p.root / "collector.json").read_text(encoding="utf-8"))
    assert frozen > before[1] + 10_000 and young == collector.YOUNG  # the modules, the archive, the pages
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    p.write("essays/broken/index.en.md", "---\ntitle: [never closed\n---\n\nText.\n")  # the build stops in on_files
    result = build(p.root)
    assert not result.ok and any("broken/index.en.md" in m for m in result.messages("ERROR")), result.log
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_collector_is_left_alone_until_a_build_starts():
    before = gc.get_threshold(), gc.get_freeze_count()
    collector.stage()
    collector.end()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    collector.start()
    try:
        assert gc.get_threshold()[0] == collector.YOUNG and gc.get_freeze_count() > before[1]
    finally:
        collector.end()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
