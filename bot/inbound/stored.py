"""FormData and Problems as the JSON kept in the database, and what changed between versions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from parsers.model import Contact, Decision, FormData, FormStyle, GoalSource, Problem, Severity, Signature
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


def form_from_dict(data: dict[str, Any]) -> FormData:
    """The FormData a stored form (``form_to_dict``) was made from; keys it lacks keep their defaults."""
    return FormData(
        case_number=data.get("case_number", ""), organisation=data.get("organisation", ""),
        org_number=data.get("org_number", ""), organisation_type=data.get("organisation_type", ""),
        contact=Contact(**data.get("contact", {})), decision=Decision(**data.get("decision", {})),
        goals=tuple(data.get("goals", ())), goal_source=GoalSource(data.get("goal_source", GoalSource.NONE)),
        plan_text=data.get("plan_text", ""), sessions=tuple(data.get("sessions", ())),
        signature=Signature(**data.get("signature", {})),
        style=FormStyle(data.get("style", FormStyle.CONTENT_CONTROLS)))


def problems_from_dicts(stored: list[dict[str, Any]]) -> tuple[Problem, ...]:
    return tuple(Problem(p["code"], Severity(p["severity"]), p.get("field"), tuple(sorted(p.get("params", {}).items())))
                 for p in stored)
