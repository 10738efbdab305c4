"""run_audit end to end: files, license, metrics, proposals, JSON, summary, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from cfos_tui.audit import AuditError, AuditResult, Proposal, propose, run_audit
from cfos_tui.audit.summary import render_summary, share_bar
from tests.fixtures.gitrepo import CommitSpec, build_repo, epoch, isolated_git_env, write_files

EVIDENCE = {
    "license-file": ["LICENSE", "COPYING"],
    "coc-adopted": ["CODE_OF_CONDUCT", "CODE-OF-CONDUCT"],
    "contributing-guide": ["CONTRIBUTING"],
    "security-policy": ["SECURITY"],
    "issue-templates": ["ISSUE_TEMPLATE/", ".github/ISSUE_TEMPLATE.md"],
    "governance-doc": ["GOVERNANCE"],
    "changelog": ["CHANGELOG", "CHANGES", "HISTORY", "NEWS"],
    "ci-public": [".github/workflows/*.yml", ".gitlab-ci.yml"],
}
MIT = (
    "MIT License\n\nCopyright (c) 2024 Example\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
    "software, to deal in the Software without restriction, including without limitation "
    "the rights to use, copy.\n\nThe above copyright notice and this permission notice "
    "shall be included in all copies or substantial portions of the Software.\n"
)
PROJECT_FILES = {
    "README.md": "# Tool\n\nTool helps research teams share reproducible environments.\n\n"
    "## License\n\nMIT, see [LICENSE](LICENSE).\n",
    "LICENSE": MIT,
    "docs/Code_Of_Conduct.md": "# Conduct\n\nReport to conduct@tool.dev.\n",
    "CONTRIBUTING.rst": "How to help\n",
    ".github/ISSUE_TEMPLATE/bug.yml": "name: Bug\n",
    ".github/workflows/ci.yml": "on: push\n",
    "CHANGES.md": "1.0\n",
}


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in isolated_git_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A checkout with community files and a small two-company history."""
    specs = [
        CommitSpec("Ann", "ann@acme.com", epoch("2024-01-10") + i, files=PROJECT_FILES)
        if i == 0
        else CommitSpec("Ann", "ann@acme.com", epoch("2024-01-10") + i)
        for i in range(6)
    ]
    specs += [CommitSpec("Ben", "ben@other.org", epoch("2024-04-10") + i) for i in range(4)]
    return build_repo(tmp_path / "project", specs)


def test_audit_of_a_project(project: Path) -> None:
    """Files found and missing, license, metrics and proposals in one result."""
    messages: list[str] = []
    result = run_audit(project, EVIDENCE, progress=messages.append)
    assert result.files == {
        "license-file": ["LICENSE"],
        "coc-adopted": ["docs/Code_Of_Conduct.md"],
        "contributing-guide": ["CONTRIBUTING.rst"],
        "issue-templates": [".github/ISSUE_TEMPLATE/"],
        "changelog": ["CHANGES.md"],
        "ci-public": [".github/workflows/ci.yml"],
        "purpose-in-readme": ["README.md"],
        "license-in-readme": ["README.md"],
        "coc-contact": ["docs/Code_Of_Conduct.md"],
    }
    assert result.missing == ["security-policy", "governance-doc"]
    assert (result.license.spdx, result.license.file) == ("MIT", "LICENSE")
    assert result.metrics is not None
    assert (result.metrics.commits, result.metrics.elephant_factor) == (10, 1)
    assert result.metrics.top_organizations == [("acme.com", 0.6), ("other.org", 0.4)]
    assert result.head is not None and len(result.head) == 40
    assert messages[0] == "Looking for community files"
    assert messages[-1] == "Audit finished"
    assert any("security-policy" in note and "--org-defaults" in note for note in result.notes)
    # governance is a GitHub organisation default too
    assert any(note.startswith("governance-doc") for note in result.notes)


def test_json_shape(project: Path) -> None:
    """to_json has exactly the keys of the issue's contract."""
    data = json.loads(run_audit(project, EVIDENCE).to_json())
    assert set(data) == {
        "repository",
        "head",
        "files",
        "missing",
        "license",
        "metrics",
        "proposals",
        "roster",
    }
    assert data["repository"] == str(project.resolve())
    assert set(data["license"]) == {"spdx", "file", "confidence"}
    assert {
        "commits",
        "contributors",
        "bus_factor",
        "elephant_factor",
        "top_organizations",
        "quarters",
    } <= set(data["metrics"])
    assert data["metrics"]["top_organizations"][0] == ["acme.com", 0.6]
    assert data["metrics"]["quarters"] == [
        {
            "quarter": "2024Q1",
            "commits": 6,
            "contributors": 1,
            "new_contributors": 1,
            "top_org_share": 1.0,
        },
        {
            "quarter": "2024Q2",
            "commits": 4,
            "contributors": 1,
            "new_contributors": 1,
            "top_org_share": 1.0,
        },
    ]
    assert {"item": "license-file", "status": "done", "evidence": "LICENSE"} in data["proposals"]


def test_proposals_respect_decided_items(project: Path) -> None:
    """Only todo items with evidence are proposed; doing/done/n/a and unknown are kept."""
    statuses = {
        "license-file": "todo",
        "coc-adopted": "doing",
        "contributing-guide": "done",
        "changelog": "n/a",
        "security-policy": "todo",
        "coc-contact": "todo",
    }
    result = run_audit(project, EVIDENCE, statuses=statuses)
    assert result.proposals == [
        Proposal("license-file", "done", "LICENSE"),
        Proposal("coc-contact", "done", "docs/Code_Of_Conduct.md"),
    ]
    assert propose(result, {}) == []


def test_org_defaults(project: Path, tmp_path: Path) -> None:
    """Items missing here but present in the org's .github checkout are found there."""
    org = write_files(tmp_path / "org", {"SECURITY.md": "Mail security@org.dev\n"})
    result = run_audit(project, EVIDENCE, org_defaults=org)
    assert result.files["security-policy"] == ["org-defaults:SECURITY.md"]
    assert result.missing == ["governance-doc"]
    assert result.notes == ["governance-doc: not in the checkout nor in the organisation defaults given."]


def test_org_default_code_of_conduct_contact(tmp_path: Path) -> None:
    """The contact check reads the org's code of conduct when the checkout has none."""
    repo = write_files(tmp_path / "repo", {"README.md": "x"})
    org = write_files(tmp_path / "org", {"CODE_OF_CONDUCT.md": "https://org.dev/report\n"})
    result = run_audit(repo, {}, org_defaults=org)
    assert result.files["coc-contact"] == ["org-defaults:CODE_OF_CONDUCT.md"]


def test_code_of_conduct_without_contact(tmp_path: Path) -> None:
    """A code of conduct with no way to report leaves coc-contact missing."""
    repo = write_files(tmp_path / "repo", {"CODE_OF_CONDUCT.md": "Be kind.\n"})
    result = run_audit(repo, EVIDENCE)
    assert "coc-contact" in result.missing
    assert result.files["coc-adopted"] == ["CODE_OF_CONDUCT.md"]


def test_plain_folder_is_audited_without_metrics(tmp_path: Path) -> None:
    """Not a git repository: files are audited, metrics are None with a reason."""
    folder = write_files(tmp_path / "plain", {"LICENSE": MIT})
    result = run_audit(folder, EVIDENCE)
    assert result.files["license-file"] == ["LICENSE"]
    assert result.metrics is None and result.head is None
    assert result.metrics_reason is not None and "not a git checkout" in result.metrics_reason
    assert json.loads(result.to_json())["metrics"] is None


def test_empty_repository(tmp_path: Path) -> None:
    """An empty repository: zero metrics with a reason."""
    repo = build_repo(tmp_path / "empty", [])
    result = run_audit(repo, EVIDENCE)
    assert result.metrics is not None and result.metrics.commits == 0
    assert result.metrics_reason == "empty repository: no commits yet"
    assert result.license.file is None and result.license.spdx is None


@pytest.mark.parametrize(
    ("content", "first_line"),
    [(b"", "(empty file)"), (b"\x7fELF\x02\x01\x01\x00\x00", "(binary file)")],
)
def test_empty_or_binary_license(tmp_path: Path, content: bytes, first_line: str) -> None:
    """A LICENSE that cannot be read as a license is unrecognised, never guessed."""
    repo = write_files(tmp_path / "r", {"LICENSE": content})
    result = run_audit(repo, EVIDENCE)
    assert result.files["license-file"] == ["LICENSE"]
    assert (result.license.spdx, result.license.first_line) == (None, first_line)


def test_recognised_license_file_wins_over_an_unrecognised_one(tmp_path: Path) -> None:
    """With LICENSE (unknown) and COPYING (MIT), the recognised one is reported."""
    repo = write_files(tmp_path / "r", {"LICENSE": "All rights reserved.\n", "COPYING": MIT})
    result = run_audit(repo, {})
    assert (result.license.spdx, result.license.file) == ("MIT", "COPYING")


def test_odd_file_names_survive_json_and_summary(tmp_path: Path) -> None:
    """Names with newlines, spaces and non-UTF-8 bytes come out as valid JSON and text."""
    repo = tmp_path / "r"
    repo.mkdir()
    (repo / "docs").mkdir()
    (repo / "docs" / "road\nmap.md").write_text("x")
    (repo / "docs" / "plan [b]x[i].md").write_text("x")
    os.mkdir(os.path.join(os.fsencode(repo), b"docs/gov\xff"))
    (Path(os.fsdecode(os.path.join(os.fsencode(repo), b"docs/gov\xff"))) / "a.md").write_text("x")
    result = run_audit(repo, {"roadmap-published": ["docs/*"], "governance-doc": ["docs/**/"]})
    data = json.loads(result.to_json())
    assert data["files"]["roadmap-published"] == ["docs/plan [b]x[i].md", "docs/road\nmap.md"]
    assert data["files"]["governance-doc"] == ["docs/", "docs/gov\ufffd/"]
    console = Console(width=100, record=True, color_system=None)
    console.print(render_summary(result))
    text = console.export_text()
    assert "plan [b]x[i].md" in text
    assert "gov\ufffd" in text


def test_symlink_out_is_not_evidence(tmp_path: Path) -> None:
    """A LICENSE that links out of the checkout is not read."""
    outside = write_files(tmp_path / "outside", {"LICENSE": MIT})
    repo = tmp_path / "r"
    repo.mkdir()
    os.symlink(outside / "LICENSE", repo / "LICENSE")
    result = run_audit(repo, EVIDENCE)
    assert "license-file" in result.missing
    assert result.license.file is None


def test_since_and_include_bots_pass_through(project: Path) -> None:
    """since (as text) limits the history; include_bots is accepted."""
    result = run_audit(project, {}, since="2024-04-01", include_bots=True)
    assert result.metrics is not None and result.metrics.commits == 4
    assert run_audit(project, {}, since=date(2024, 4, 1)).metrics == result.metrics


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"affiliations": ["acme.com"]}, "affiliations must map"),
        ({"affiliations": {"acme.com": 3}}, "affiliations: 'acme.com' = 3"),
        ({"affiliations": {"": "Acme"}}, "affiliations: ''"),
        ({"affiliations": {"acme.com": " "}}, "empty organisation name"),
        ({"since": "yesterday"}, "--since 'yesterday': expected a date"),
        ({"since": 20240101}, "since: expected a date"),
        ({"progress": "print"}, "progress must be a function"),
    ],
)
def test_bad_options(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    """Malformed options raise AuditError with a short message."""
    with pytest.raises(AuditError, match=message.replace("[", r"\[")):
        run_audit(tmp_path, {}, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("evidence", [["LICENSE"], {"license-file": "LICENSE"}, {"license-file": [1]}])
def test_bad_evidence(tmp_path: Path, evidence: object) -> None:
    """Evidence must map item ids to lists of pattern strings."""
    with pytest.raises(AuditError, match="evidence"):
        run_audit(tmp_path, evidence)  # type: ignore[arg-type]


def test_not_a_directory(tmp_path: Path) -> None:
    """A file or a missing path is refused with the path in the message."""
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(AuditError, match="not a directory"):
        run_audit(file, {})
    with pytest.raises(AuditError, match="no such directory"):
        run_audit(tmp_path / "missing", {})
    with pytest.raises(AuditError, match="--org-defaults"):
        run_audit(tmp_path, {}, org_defaults=file.parent / "nope")  # message names the path
    with pytest.raises(AuditError, match="expected a path to a folder"):
        run_audit(None, {})  # type: ignore[arg-type]


def test_summary_shows_everything(project: Path) -> None:
    """The summary names found and missing items, the license, metrics and quarters."""
    console = Console(width=100, record=True, color_system=None)
    console.print(render_summary(run_audit(project, EVIDENCE)))
    text = console.export_text()
    for expected in (
        "✓ license-file",
        "✗ security-policy",
        "MIT",
        "bus factor",
        "elephant factor",
        "acme.com",
        "2024Q2",
        "Proposals",
    ):
        assert expected in text


def test_summary_of_unrecognised_license_and_missing_metrics(tmp_path: Path) -> None:
    """Unrecognised license shows its first line literally; missing metrics say why."""
    repo = write_files(tmp_path / "r", {"LICENSE": "[bold]Custom[/bold] terms\n"})
    console = Console(width=120, record=True, color_system=None)
    console.print(render_summary(run_audit(repo, {})))
    text = console.export_text()
    assert "unrecognised" in text and "[bold]Custom[/bold] terms" in text
    assert "no metrics: not a git checkout" in text


def test_share_bar() -> None:
    """The bar is always the same width and full at 100%."""
    assert share_bar(1.0, 4) == "████"
    assert share_bar(0.0, 4) == "    "
    assert len(share_bar(0.37, 10)) == 10
    assert share_bar(2.0, 3) == "███"


def test_run_audit_imports_neither_textual_nor_rich(project: Path) -> None:
    """The audit core stays off the drawing floor (Rich only in summary.py)."""
    code = (
        "import sys\nfrom cfos_tui.audit import run_audit\n"
        f"run_audit({str(project)!r}, {{}}).to_json()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(','.join(bad))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == ""


def test_result_is_a_dataclass_with_safe_json(tmp_path: Path) -> None:
    """A result built by hand serialises the same way."""
    result = run_audit(write_files(tmp_path / "r", {"x": "y"}), {})
    assert isinstance(result, AuditResult)
    assert json.loads(result.to_json(indent=None))["files"] == {}
