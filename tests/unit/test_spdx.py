"""The license decision as an SPDX expression."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.cli import main
from cfos_tui.kinds import KINDS, advice_for
from cfos_tui.plan import advise
from cfos_tui.playbook import FieldSpec
from cfos_tui.session import PlanSession
from cfos_tui.spdx import closest_id, expression_problem
from tests.fixtures.own_playbook import plan_with_playbook

LICENSE = FieldSpec(id="decision", kind="license", label="License decision")

PLAYBOOK = """
id = "lic"
version = "1"
title = "License only"

[phases.one]
title = "One"

[steps.license]
phase = "one"
title = "License"
guidance = "Why."

[steps.license.fields.decision]
kind = "license"
label = "License decision"

[steps.license.fields.past]
kind = "records"
label = "Past licenses"
columns = [{ id = "name", kind = "license", label = "License" }]

[steps.license.items.license-chosen]
title = "Chosen"
importance = "must"
"""


@pytest.mark.parametrize(
    "expression",
    [
        "BSD-3-Clause",
        "Apache-2.0 OR MIT",
        "(MIT OR Apache-2.0) AND BSD-2-Clause",
        "GPL-2.0-only WITH Classpath-exception-2.0",
        "Apache-2.0 WITH LLVM-exception",
        "LicenseRef-acme-internal",
        "MPL-2.0 OR LicenseRef-acme",
        "mit",  # ids are matched without regard to case
    ],
)
def test_valid_expressions_pass(expression: str) -> None:
    assert expression_problem(expression) is None


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("BSD 3 clause", "'BSD 3 clause' is not an SPDX license id; the closest is BSD-3-Clause"),
        ("Apache 2", "'Apache 2' is not an SPDX license id; the closest is Apache-2.0"),
        ("MIT OR GLP-3.0-only", "'GLP-3.0-only' is not an SPDX license id; the closest is GPL-3.0-only"),
        ("MIT WITH Apache-2.0", "'Apache-2.0' is an SPDX license, not an exception"),
        ("frobnicate-license", "the ids are listed at https://spdx.org/licenses/"),
        ("MIT AND (", "is not a valid SPDX license expression"),
        ("Apache-2.0 AND MIT OR", "is not a valid SPDX license expression"),
    ],
)
def test_invalid_expressions_say_why_and_the_closest_id(expression: str, message: str) -> None:
    problem = expression_problem(expression)
    assert problem is not None and message in problem


def test_closest_id_folds_spaces_underscores_and_case() -> None:
    assert closest_id("bsd_3_clause") == "BSD-3-Clause"
    assert closest_id("mpl 2.0") == "MPL-2.0"
    assert closest_id("zzzzzz-qqqq") is None


def test_the_license_kind_is_registered_and_advises_only_on_text() -> None:
    assert "license" in KINDS
    assert advice_for(LICENSE, "BSD-3-Clause") is None
    assert advice_for(LICENSE, "BSD 3 clause") is not None
    assert advice_for(LICENSE, 3) is None  # the wrong shape is check's business, not advice's
    assert KINDS["license"].check(3, LICENSE) == "must be text"


def test_check_names_the_line_and_the_closest_id_and_the_plan_still_opens(tmp_path: Path, capsys) -> None:
    plan_path = plan_with_playbook(tmp_path, PLAYBOOK)
    session = PlanSession(store.load(plan_path))
    session.set_answer("license", "decision", "BSD 3 clause")
    session.set_answer("license", "past", {"first": {"name": "Apache 2"}})
    assert session.save()
    assert main(["check", str(plan_path)]) == 2
    err = capsys.readouterr().err
    text = plan_path.read_text()
    line = text.splitlines().index('decision = "BSD 3 clause"') + 1
    assert (
        f"{plan_path}:{line}: license.decision: 'BSD 3 clause' is not an SPDX license id; "
        "the closest is BSD-3-Clause" in err
    )
    assert "license.past.first.name: 'Apache 2' is not an SPDX license id; the closest is Apache-2.0" in err
    # advice never keeps the plan from opening, nor an edit from saving
    reopened = store.load(plan_path)
    assert len(advise(reopened.plan, reopened.playbook)) == 2
    PlanSession(reopened).set_answer("license", "decision", "BSD-3-Clause")
    assert reopened.save()
    PlanSession(reopened).set_answer("license", "past", None)
    reopened.save()
    assert main(["check", str(plan_path)]) == 0
