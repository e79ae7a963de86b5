"""A file the build makes is written only where its bytes changed (slowcinema.web.reuse)."""

from __future__ import annotations

import os

import pytest

from slowcinema.web import reuse


def test_a_file_that_holds_the_bytes_already_is_left_as_it_is(tmp_path):
    dest = tmp_path / "site" / "a.json"
    assert reuse.put(dest, b'{"a":1}')
    first = dest.stat()
    assert not reuse.put(dest, b'{"a":1}')
    assert (dest.stat().st_ino, dest.stat().st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


@pytest.mark.parametrize("old", [b'{"a":2}', b'{"a":1}, more', b'{"a"', b""])
def test_other_bytes_are_written_over_whatever_was_there(tmp_path, old):
    dest = tmp_path / "a.json"
    dest.write_bytes(old)
    assert reuse.put(dest, b'{"a":1}')
    assert dest.read_bytes() == b'{"a":1}'


@pytest.mark.parametrize("atomic", [False, True])
def test_the_previous_sites_file_is_moved_back_when_it_holds_the_bytes(tmp_path, atomic):
    previous = tmp_path / "held" / "essays" / "x" / "cite.bib"
    previous.parent.mkdir(parents=True)
    previous.write_bytes("@article{慢}".encode())
    ino = previous.stat().st_ino
    dest = tmp_path / "site" / "essays" / "x" / "cite.bib"
    assert not reuse.put(dest, "@article{慢}".encode(), previous, atomic=atomic)
    assert dest.stat().st_ino == ino and not previous.exists()
    assert dest.read_bytes() == "@article{慢}".encode()


def test_a_previous_file_with_other_bytes_stays_where_it_is_and_the_new_one_is_written(tmp_path):
    previous = tmp_path / "held" / "p.json"
    previous.parent.mkdir()
    previous.write_bytes(b"[1]")
    dest = tmp_path / "site" / "p.json"
    assert reuse.put(dest, b"[2]", previous, atomic=True)
    assert dest.read_bytes() == b"[2]" and previous.read_bytes() == b"[1]"
    assert [p.name for p in dest.parent.iterdir()] == ["p.json"]  # no temporary file left


def test_a_missing_previous_file_or_a_folder_in_its_place_is_no_obstacle(tmp_path):
    dest = tmp_path / "site" / "p.json"
    assert reuse.put(dest, b"[2]", tmp_path / "held" / "p.json")
    (tmp_path / "held2" / "q.json").mkdir(parents=True)
    assert reuse.put(tmp_path / "site" / "q.json", b"[3]", tmp_path / "held2" / "q.json")
    assert (tmp_path / "site" / "q.json").read_bytes() == b"[3]"
    assert os.path.isdir(tmp_path / "held2" / "q.json")
