"""Evidence patterns (docs/playbook-format.md) and the README / code-of-conduct checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cfos_tui.audit.files import (
    MAX_DEEP_DEPTH,
    ORG_DEFAULTS_PREFIX,
    EvidenceIndex,
    coc_has_report_contact,
    find_evidence,
    readme_mentions_license,
    readme_states_purpose,
)
from tests.fixtures.gitrepo import write_files


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    return root


def test_bare_name_is_found_at_root_docs_doc_and_github(repo: Path) -> None:
    """A pattern with no slash matches the name in the four usual places, any case."""
    write_files(
        repo,
        {
            "CODE_OF_CONDUCT.md": "x",
            "docs/code_of_conduct.rst": "x",
            "doc/Code_Of_Conduct.txt": "x",
            ".github/CODE_OF_CONDUCT.md": "x",
            "src/CODE_OF_CONDUCT.md": "x",
        },
    )
    assert find_evidence(repo, ["CODE_OF_CONDUCT"]) == [
        ".github/CODE_OF_CONDUCT.md",
        "CODE_OF_CONDUCT.md",
        "doc/Code_Of_Conduct.txt",
        "docs/code_of_conduct.rst",
    ]


def test_extensionless_name_also_matches_the_four_text_extensions(repo: Path) -> None:
    """CONTRIBUTING finds .md/.rst/.txt/.adoc and no extension, but not .py or .html."""
    write_files(
        repo,
        {
            "docs/contributing.adoc": "x",
            "CONTRIBUTING": "x",
            "contributing.py": "x",
            "docs/contributing.html": "x",
        },
    )
    assert find_evidence(repo, ["CONTRIBUTING"]) == ["CONTRIBUTING", "docs/contributing.adoc"]


def test_pattern_with_extension_is_exact(repo: Path) -> None:
    """A pattern with an extension does not gain others."""
    write_files(repo, {"SECURITY.md": "x", "SECURITY.rst": "x"})
    assert find_evidence(repo, ["security.md"]) == ["SECURITY.md"]


def test_pattern_with_a_folder_is_relative_to_root_only(repo: Path) -> None:
    """A pattern with a slash is not looked for under docs/ or .github/."""
    write_files(repo, {"docs/community/roadmap.md": "x", "community/roadmap.md": "x"})
    assert find_evidence(repo, ["community/ROADMAP"]) == ["community/roadmap.md"]


def test_trailing_slash_needs_a_folder_holding_a_file(repo: Path) -> None:
    """ISSUE_TEMPLATE/ matches a non-empty folder (in .github/), never an empty one."""
    write_files(repo, {".github/ISSUE_TEMPLATE/deep/bug.yml": "x"})
    (repo / "docs" / "issue_template").mkdir(parents=True)
    assert find_evidence(repo, ["ISSUE_TEMPLATE/"]) == [".github/ISSUE_TEMPLATE/"]
    assert find_evidence(repo, [".github/issue_template/"]) == [".github/ISSUE_TEMPLATE/"]
    assert find_evidence(repo, ["docs/issue_template/"]) == []


def test_folder_patterns_do_not_match_files(repo: Path) -> None:
    """A file called like the folder pattern is not a folder; a file pattern skips folders."""
    write_files(repo, {"changelog": "x", "news/1.md": "x"})
    assert find_evidence(repo, ["changelog/"]) == []
    assert find_evidence(repo, ["news"]) == []


def test_star_and_question_mark(repo: Path) -> None:
    """* matches within one name, ? one character, neither crosses a slash."""
    write_files(
        repo,
        {
            ".github/workflows/ci.yml": "x",
            ".github/workflows/release.yaml": "x",
            ".github/workflows/sub/x.yml": "x",
            "docs/personas-2024.md": "x",
            "docs/persona.md": "x",
        },
    )
    assert find_evidence(repo, [".github/workflows/*.y?ml", ".github/workflows/*.yml"]) == [
        ".github/workflows/ci.yml",
        ".github/workflows/release.yaml",
    ]
    assert find_evidence(repo, ["docs/personas*"]) == ["docs/personas-2024.md"]


def test_double_star_matches_any_depth_within_the_cap(repo: Path) -> None:
    """** matches zero or more folders, down to MAX_DEEP_DEPTH parts."""
    deep = "/".join(["d"] * (MAX_DEEP_DEPTH - 1))
    too_deep = "/".join(["d"] * MAX_DEEP_DEPTH)
    write_files(
        repo,
        {
            "governance.md": "x",
            "a/b/governance.md": "x",
            f"{deep}/governance.md": "x",
            f"{too_deep}/governance.md": "x",
        },
    )
    found = find_evidence(repo, ["**/GOVERNANCE"])
    assert found == ["a/b/governance.md", f"{deep}/governance.md", "governance.md"]


def test_double_star_alone_means_every_file_below(repo: Path) -> None:
    """docs/** matches the files under docs/, and docs/**/ its non-empty folders."""
    write_files(repo, {"docs/a.md": "x", "docs/rfd/001.md": "x"})
    (repo / "docs" / "empty").mkdir()
    assert find_evidence(repo, ["docs/**"]) == ["docs/a.md", "docs/rfd/001.md"]
    assert find_evidence(repo, ["docs/**/"]) == ["docs/", "docs/rfd/"]


def test_skipped_folders_are_never_entered(repo: Path) -> None:
    """.git and node_modules are invisible even to ** patterns."""
    write_files(
        repo,
        {"node_modules/pkg/SECURITY.md": "x", ".git/SECURITY.md": "x", "SECURITY.md": "x"},
    )
    assert find_evidence(repo, ["**/SECURITY.md"]) == ["SECURITY.md"]


def test_paths_with_spaces_and_newlines(repo: Path) -> None:
    """Odd names are found and returned as they are on disk."""
    write_files(repo, {"docs/road map.md": "x", "docs/new\nline.md": "x"})
    assert find_evidence(repo, ["docs/*"]) == ["docs/new\nline.md", "docs/road map.md"]
    assert find_evidence(repo, ["docs/ROAD MAP"]) == ["docs/road map.md"]


def test_symlinks_out_of_the_checkout_are_not_followed(tmp_path: Path, repo: Path) -> None:
    """A link out (file or folder) is ignored; a link inside the checkout counts."""
    outside = write_files(tmp_path / "outside", {"SECURITY.md": "x", "GOVERNANCE.md": "x"})
    write_files(repo, {"policies/support.md": "x"})
    os.symlink(outside / "SECURITY.md", repo / "SECURITY.md")
    os.symlink(outside, repo / "docs")
    os.symlink(repo / "policies" / "support.md", repo / "SUPPORT.md")
    os.symlink(repo / "missing.md", repo / "CONTRIBUTING.md")
    os.symlink("..", repo / "policies" / "up")
    assert find_evidence(repo, ["SECURITY", "GOVERNANCE", "CONTRIBUTING"]) == []
    assert find_evidence(repo, ["SUPPORT"]) == ["SUPPORT.md"]
    # a loop inside the checkout ends at the depth cap instead of running forever
    assert "policies/support.md" in find_evidence(repo, ["**/support.md"])


def test_org_defaults_are_used_only_when_the_checkout_has_nothing(tmp_path: Path) -> None:
    """Files found only in the org's .github checkout carry the org-defaults prefix."""
    repo = write_files(tmp_path / "repo", {"SECURITY.md": "x"})
    org = write_files(tmp_path / "org", {"SECURITY.md": "x", "CODE_OF_CONDUCT.md": "x"})
    assert find_evidence(repo, ["SECURITY"], org_defaults=org) == ["SECURITY.md"]
    assert find_evidence(repo, ["CODE_OF_CONDUCT"], org_defaults=org) == [
        ORG_DEFAULTS_PREFIX + "CODE_OF_CONDUCT.md"
    ]
    assert find_evidence(repo, ["CODE_OF_CONDUCT"]) == []


def test_index_lists_each_folder_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many patterns over one index read each directory from disk at most once."""
    write_files(repo, {"docs/a.md": "x", ".github/b.md": "x", "README.md": "x"})
    calls: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path: object) -> object:
        calls.append(str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", counting_scandir)
    index = EvidenceIndex(repo)
    for pattern in ["README", "SECURITY", "CONTRIBUTING", "docs/*", "**/b.md", "A"]:
        index.find([pattern])
    assert len(calls) == len(set(calls))


def test_bad_patterns_find_nothing(repo: Path) -> None:
    """Empty patterns and patterns climbing out with .. match nothing."""
    write_files(repo, {"README.md": "x"})
    assert find_evidence(repo, ["", "/", "../README", "docs/../README"]) == []
    assert find_evidence(repo, ["./README", "/README"]) == ["README.md"]


# -- README checks ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "# Tool\n\nReleased under the MIT License.\n",
        "# Tool\n\nSee [LICENSE](LICENSE) for details.\n",
        "# Tool\n\n[![License](https://img.shields.io/github/license/o/r)](x)\n",
        "# Tool\n\n## License\n\nBSD, see the file.\n",
        "Tool\n====\n\nLicence\n-------\n\nApache\n",
        "# Tool\n\nLicensed under Apache-2.0 or MIT.\n",
        "Tool\n\n`License <LICENSE.txt>`_\n",
        '<p><a href="./COPYING">terms</a></p>\n',
    ],
)
def test_readme_mentions_license(repo: Path, text: str) -> None:
    """A license name, an SPDX id near 'license', a LICENSE link or badge all count."""
    write_files(repo, {"README.md": text})
    assert readme_mentions_license(repo) == "README.md"


@pytest.mark.parametrize(
    "text",
    [
        "# Tool\n\nBuilt by a team at MIT.\n",
        "# Tool\n\n## Install\n\npip install tool\n",
        "",
    ],
)
def test_readme_without_license_mention(repo: Path, text: str) -> None:
    """'MIT' as an institute, or no mention at all, does not count."""
    write_files(repo, {"README.md": text})
    assert readme_mentions_license(repo) is None


def test_no_readme_or_binary_readme(repo: Path) -> None:
    """No README, or a binary one, proves nothing."""
    assert readme_mentions_license(repo) is None
    write_files(repo, {"README": b"MIT License\x00\x01"})
    assert readme_mentions_license(repo) is None
    assert readme_states_purpose(repo) is None


def test_readme_states_purpose(repo: Path) -> None:
    """A prose sentence counts; headings, badges and code do not."""
    write_files(
        repo,
        {
            "README.md": "# Tool\n\n[![ci](https://x/badge.svg)](https://x)\n\n"
            "```\nthis code block has many words but is not prose at all\n```\n"
        },
    )
    assert readme_states_purpose(repo) is None
    write_files(
        repo,
        {"README.md": "# Tool\n\nTool helps data teams share reproducible environments easily.\n"},
    )
    assert readme_states_purpose(repo) == "README.md"


# -- code-of-conduct contact -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report to conduct@project.org.\n", True),
        ("Use the form at https://project.org/report.\n", True),
        ("Adapted from https://www.contributor-covenant.org/version/2/1/\n", False),
        ("Report to [INSERT CONTACT METHOD]. See https://www.contributor-covenant.org\n", False),
        ("Contact the team at [INSERT EMAIL] or me@example.com\n", False),
        ("Be kind.\n", False),
    ],
)
def test_coc_has_report_contact(repo: Path, text: str, expected: bool) -> None:
    """An email or a link counts, unless it is the template's own source or a placeholder."""
    path = repo / "CODE_OF_CONDUCT.md"
    path.write_text(text, encoding="utf-8")
    assert coc_has_report_contact(path) is expected


def test_coc_contact_on_unreadable_file(repo: Path) -> None:
    """A missing or binary code of conduct has no contact."""
    assert coc_has_report_contact(repo / "nope.md") is False
    (repo / "bin.md").write_bytes(b"\x00\x01conduct@project.org")
    assert coc_has_report_contact(repo / "bin.md") is False
