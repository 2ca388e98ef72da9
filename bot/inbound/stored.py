"""FormData and Problems as the JSON kept in the database, and what changed between versions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from parsers.model import FormData, Problem
from replies.problems import describe

# Fields that say how a form was filled in, not what it says: not a change between versions.
_PRESENTATION = frozenset({"style", "goal_source"})


def form_to_dict(form: FormData) -> dict[str, Any]:
    data = asdict(form)
    data["goals"] = sorted(form.goals)
    data["sessions"] = list(form.sessions)
    data["style"] = form.style.value
    data["goal_source"] = form.goal_source.value
    return data


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Dotted names of the fields whose content differs (contact.email, goals, ...)."""
    return tuple(sorted(_flatten(before).keys() ^ _flatten(after).keys()
                        | {k for k, v in _flatten(after).items() if _flatten(before).get(k) != v}))


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if not prefix and key in _PRESENTATION:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def problems_to_dicts(problems: list[Problem] | tuple[Problem, ...], language: str) -> list[dict[str, Any]]:
    return [{"code": p.code, "severity": p.severity.value, "field": p.field, "params": dict(p.params),
             "text": describe(p, language)} for p in problems]
