"""Measurements for scripts/bench.py that need no server: timed child processes, Python-Markdown
alone, and the weight of a page from the built files.

Wall time and peak memory of a build: `run_measured` starts a fresh wrapper process (this file with
`run`) whose only child is the measured command; the wrapper times it and reads
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, i.e. the maximum resident set size of that one
command (Linux reports KiB). Nothing else the benchmark starts is counted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

GZIP_LEVEL = 6  # what nginx and most static hosts use


def run_measured(cmd: list[str], cwd: Path, log: Path, env: dict | None = None) -> dict:
    """Run `cmd` in a fresh wrapper process; returns {wall_s, cpu_s, user_s, system_s, max_rss_mb, returncode,
    stolen_s} (stolen_s: the CPU time the virtual machine's host took from all its CPUs meanwhile, `_stolen_s`).
    cpu_s (user + system time of the command) is what to compare when other work shares the machine:
    wall time grows with the machine's load, CPU time much less. Its system part (the kernel's) is given
    apart: it moves with the state of the disk, not with the build's code (`new_file_ms`: on the benchmark's
    machine a cold build at N = 1,000 took 3.3-4.5 s of system time in a freshly copied folder, and 13-23 s
    right after the last build's twenty thousand files were deleted)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as out:
        result_path = out.name
    try:
        with open(log, "ab") as lf:
            subprocess.run([sys.executable, __file__, "run", result_path, *cmd], cwd=cwd, env=env,
                           stdout=lf, stderr=subprocess.STDOUT, check=False)
        data = json.loads(Path(result_path).read_text() or "{}")
    finally:
        os.unlink(result_path)
    if not data:
        raise RuntimeError(f"the measuring wrapper for {cmd} wrote nothing; see {log}")
    return data


def mkdocs_build(root: Path, log: Path, env: dict, strict: bool) -> dict:
    """`python -m mkdocs build --clean [--strict]` in `root`, measured (`run_measured`); stops the benchmark if it fails."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean"] + (["--strict"] if strict else [])
    res = run_measured(cmd, root, log, env)
    if res["returncode"] != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed in {root} (exit {res['returncode']}); end of {log}:\n{tail}")
    return {"wall_s": res["wall_s"], "cpu_s": res["cpu_s"], "system_s": res["system_s"], "stolen_s": res["stolen_s"],
            "max_rss_mb": res["max_rss_mb"],
            "pages": sum(1 for _ in (root / "site").rglob("index.html"))}


def _wrapper(result_path: str, cmd: list[str]) -> int:
    import resource

    stolen = _stolen_s()
    t0 = time.perf_counter()
    rc = subprocess.call(cmd)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = _stolen_s()
    Path(result_path).write_text(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                                             "user_s": usage.ru_utime, "system_s": usage.ru_stime,
                                             "max_rss_mb": usage.ru_maxrss / 1024, "returncode": rc,
                                             "stolen_s": None if stolen is None or after is None else after - stolen}))
    return rc


def _stolen_s() -> float | None:
    """The CPU time the host of this virtual machine has taken from its CPUs since boot, in seconds (Linux's
    /proc/stat, "steal"); None where there is no such count. Over a build, what its processes waited for while
    ready to run: a build on two cores loses more to it than Python-Markdown alone, on one."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK") if fields[0] == "cpu" and len(fields) > 8 else None
    except (OSError, ValueError):
        return None


def new_file_ms(folder: Path, n: int = 200) -> float:
    """What one new empty file costs on this disk now, in milliseconds: the mean over `n` files made in `folder`,
    which is left in place (deleting them would make the next files dearer, see below). A build writes thousands
    of files, so their cost is part of its time, and it is not the same from one minute to the next: ext4
    without a journal (the benchmark's machine: no /proc/fs/jbd2 entry for its disk) does not give a new file the
    inode of one deleted in the last minute, or five when that inode's table block is not written back yet, and
    looks at each such inode in turn before it finds a free one (fs/ext4/ialloc.c, `recently_deleted`). After
    thousands of files were deleted a new one costs tens of times more. Given with the machine's load."""
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i in range(n):
        os.close(os.open(folder / str(i), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    return (time.perf_counter() - start) * 1000 / n


def tree_digest(site: Path) -> str:
    """One SHA-256 over every file of a built site, by path and content (what `diff -r` compares)."""
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# -- Python-Markdown alone --------------------------------------------------------------------------

def markdown_child(mkdocs_yml: str, sources_json: str, result_path: str) -> None:
    """Convert every source with the extensions of `mkdocs_yml`, one Markdown instance reset between
    documents; time the conversions only (not imports, not reading)."""
    import markdown
    from mkdocs.utils.yaml import yaml_load

    with open(mkdocs_yml, encoding="utf-8") as f:
        conf = yaml_load(f)
    names, configs = [], {}
    for item in conf.get("markdown_extensions") or []:
        if isinstance(item, dict):
            (name, cfg), = item.items()
            names.append(name)
            if cfg:
                configs[name] = cfg
        else:
            names.append(item)
    sources = json.loads(Path(sources_json).read_text(encoding="utf-8"))
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    out_bytes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for text in sources:
        md.reset()
        out_bytes += len(md.convert(text))
    convert, convert_cpu = time.perf_counter() - t0, time.process_time() - c0
    Path(result_path).write_text(json.dumps({"convert_s": convert, "convert_cpu_s": convert_cpu, "documents": len(sources),
                                             "html_bytes": out_bytes, "extensions": names}))


def run_markdown(mkdocs_yml: Path, sources: list[str], work: Path, log: Path) -> dict:
    src = work / "markdown-sources.json"
    src.write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    res = work / "markdown-result.json"
    proc = run_measured([sys.executable, __file__, "markdown", str(mkdocs_yml), str(src), str(res)], work, log)
    if proc["returncode"] != 0:
        raise RuntimeError(f"Python-Markdown run failed; see {log}")
    data = json.loads(res.read_text())
    data.update({"process_wall_s": proc["wall_s"], "max_rss_mb": proc["max_rss_mb"]})
    return data


# -- page weight from the built files ---------------------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "link":
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel:
                self.refs.append(("css", a.get("href", "")))
            elif rel & {"icon", "shortcut", "apple-touch-icon"}:
                self.refs.append(("image", a.get("href", "")))
            elif rel & {"preload", "modulepreload"}:
                self.refs.append((a.get("as") or "script", a.get("href", "")))
        elif tag == "script" and a.get("src"):
            self.refs.append(("js", a["src"]))
        elif tag in ("img", "source", "video", "audio", "input") and (a.get("src") or a.get("poster")):
            self.refs.append(("image", a.get("src") or a.get("poster")))
        if tag in ("img", "source") and a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.refs.append(("image", part.strip().split()[0]))


CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _kind(url: str, fallback: str) -> str:
    ext = urlsplit(url).path.rsplit(".", 1)[-1].lower()
    return {"woff2": "font", "woff": "font", "ttf": "font", "otf": "font", "css": "css", "js": "js",
            "png": "image", "svg": "image", "webp": "image", "jpg": "image", "jpeg": "image",
            "gif": "image", "ico": "image"}.get(ext, fallback)


def page_weight(site: Path, page_rel: str, base: str = "http://site.invalid/") -> dict:
    """The first-load weight of `page_rel` (e.g. 'essays/x/index.html') from the files in `site`:
    the HTML plus every stylesheet, script, image and icon it references, plus the fonts, images and
    imports those stylesheets reference (url(...), @import). Each file once; data: URLs are inline
    (already in the bytes of their file); references to other hosts are listed, not counted."""
    page_url = urljoin(base, page_rel.replace("index.html", ""))
    html = (site / page_rel).read_bytes()
    parser = _Refs()
    parser.feed(html.decode("utf-8"))
    queue = [(kind, urljoin(page_url, url)) for kind, url in parser.refs if url]
    files: dict[str, dict] = {}
    external: list[str] = []
    missing: list[str] = []
    while queue:
        kind, url = queue.pop(0)
        if url.startswith("data:"):
            continue
        if not url.startswith(base):
            if url not in external:
                external.append(url)
            continue
        path = urlsplit(url).path[len(urlsplit(base).path):]
        if path in files:
            continue
        f = site / path
        if f.is_dir() or path.endswith("/"):
            f = f / "index.html"
        if not f.is_file():
            missing.append(path)
            continue
        data = f.read_bytes()
        kind = _kind(path, kind)
        files[path] = {"kind": kind, "raw": len(data), "gzip": len(gzip.compress(data, GZIP_LEVEL))}
        if kind == "css":
            for m in CSS_URL_RE.finditer(data.decode("utf-8", "replace")):
                ref = m.group(2) or m.group(4)
                if ref and not ref.startswith("#"):
                    queue.append(("css" if m.group(4) else _kind(ref, "image"), urljoin(url, ref.strip())))
    html_raw, html_gz = len(html), len(gzip.compress(html, GZIP_LEVEL))
    by_kind: dict[str, dict] = {}
    for info in files.values():
        k = by_kind.setdefault(info["kind"], {"files": 0, "raw": 0, "gzip": 0})
        k["files"] += 1
        k["raw"] += info["raw"]
        k["gzip"] += info["gzip"]
    return {
        "page": page_rel,
        "html_bytes": html_raw,
        "html_gzip_bytes": html_gz,
        "first_load_bytes": html_raw + sum(i["raw"] for i in files.values()),
        "first_load_gzip_bytes": html_gz + sum(i["gzip"] for i in files.values()),
        "first_load_files": 1 + len(files),
        "by_kind": by_kind,
        "files": files,
        "external_refs": external,
        "missing_refs": missing,
    }


if __name__ == "__main__":
    if sys.argv[1] == "run":
        sys.exit(_wrapper(sys.argv[2], sys.argv[3:]))
    elif sys.argv[1] == "markdown":
        markdown_child(*sys.argv[2:5])
    else:
        sys.exit(f"unknown mode {sys.argv[1]!r}")
