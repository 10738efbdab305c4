"""Fixtures shared by every test: the built-in playbook and a fresh plan file on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.plan import Plan, new_plan
from cfos_tui.playbook import Playbook, builtin_playbook

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2024, 5, 15)


@pytest.fixture
def playbook() -> Playbook:
    """The built-in community-first playbook."""
    return builtin_playbook()


@pytest.fixture
def today() -> date:
    """A fixed "today" so that due dates and reminders are reproducible."""
    return TODAY


@pytest.fixture
def fresh_plan(playbook: Playbook, today: date) -> Plan:
    """A new plan as `cfos-plan new` makes it, held in memory only."""
    return new_plan(playbook, "Demo Project", today=today, team=["Ana", "Bo"])


@pytest.fixture
def tmp_plan(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> Path:
    """A new plan written with ``store.create`` to ``tmp_path/plan.toml``."""
    path = tmp_path / "plan.toml"
    store.create(path, fresh_plan, playbook)
    return path
