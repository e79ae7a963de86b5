"""The previous site emptied after `mkdocs build` has written the new one (slowcinema_mkdocs.archive.previous):
the site is what MkDocs' own emptying leaves (hidden entries kept, everything else gone), and nothing is
left behind, after a build that fails or one that was killed. Real builds of a small archive."""

from __future__ import annotations

from conftest import EN, ZH, build, make_project
from slowcinema_mkdocs.archive.previous import HOLD
from test_cache import cold, tree


def test_a_build_over_an_old_site_writes_what_a_build_from_nothing_writes(tmp_path):
    root = tmp_path / "p"
    p = make_project(root)
    p.essay("one", ZH, EN)
    p.essay("two", ZH, EN.replace("The opening paragraph", "Another opening"))
    assert build(root).ok
    site = root / "site"
    (site / HOLD).mkdir()
    (site / HOLD / "left.html").write_text("from a build that was killed", encoding="utf-8")
    for f in (root / "docs/essays/two").iterdir():
        f.unlink()
    (root / "docs/essays/two").rmdir()
    again = build(root)
    assert again.ok, again.messages()
    assert not (site / "essays/two").exists() and (site / "essays/one/index.html").is_file()
    assert not (site / HOLD).exists()
    assert tree(site) == cold(root, tmp_path / "cold")


def test_hidden_entries_of_the_site_stay_as_mkdocs_leaves_them(tmp_path):
    root = tmp_path / "p"
    make_project(root).essay("one", ZH, EN)
    assert build(root).ok
    site = root / "site"
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")  # a deploy folder's
    (site / "stale.html").write_text("gone after the build", encoding="utf-8")
    assert build(root).ok
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site / "stale.html").exists() and not (site / HOLD).exists()


def test_a_build_that_fails_leaves_nothing_aside(tmp_path):
    root = tmp_path / "p"
    p = make_project(root)
    p.essay("one", ZH, EN)
    assert build(root).ok
    p.write("essays/one/index.zh.md", ZH.replace("tags: [long-take]", "tags: [no-such-tag]"))
    assert not build(root).ok
    assert not (root / "site" / HOLD).exists()
