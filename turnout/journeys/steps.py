"""What each kind of step holds, how it is checked, and how it reads in the editor.

Settings of each kind (``Step.config``):

=============  ===============================================================================
wait           {"mode": "for", "days": n, "hours": n} or
               {"mode": "until", "weekday": 0-6 or null (any day), "time": "HH:MM"}
               (in the organization's time zone)
send_email     {"content": {"fr": {"subject", "body"}, "en": ..., "de": ...}, "purpose": ...,
               "any_hour": bool}
send_sms       {"content": {"fr": {"body"}, ...}, "purpose": ...}
tag_add,       {"tag": tag id}
tag_remove
branch         {"condition": {"type": "activity", "kind": "donation.made", "since_entry": bool}
               | {"type": "tag", "tag": id} | {"type": "segment", "segment": id}}
               then: ``next_key``; otherwise: ``alt_key``
split          {"percent_a": 1-99}; A: ``next_key``; B: ``alt_key``
task           {"title": ..., "notes": ..., "due_days": n, "assignee": "organizer" | "member",
               "member": user id or null}
goto_journey   {"journey": journey id}
exit           {}
=============  ===============================================================================
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from turnout.actions.models import LANGUAGES, pick_text
from turnout.messaging.templating import TemplateError, template_check
from turnout.people.activity_kinds import KINDS, kind_label
from turnout.people.models import Purpose, Segment, Tag

from .models import Journey, Step

Kind = Step.Kind

#: Texts an organizer may still correct while the journey is running.
TEXT_KEYS = {
    Kind.SEND_EMAIL: ("content",),
    Kind.SEND_SMS: ("content",),
    Kind.TASK: ("title", "notes"),
}

WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]

#: Activity kinds offered for branch conditions (any other kind can be typed).
ACTIVITY_SUGGESTIONS = KINDS

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_WAIT_DAYS = 366


def new_key() -> str:
    return secrets.token_hex(4)


def parse_time(value) -> dt.time | None:
    match = _TIME.match(str(value or ""))
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- Checking -------------------------------------------------------------------------------


def _check_content(kind: str, content) -> list[str]:
    errors = []
    if not isinstance(content, dict) or not any(
        (part or {}).get("body", "").strip() for part in content.values() if isinstance(part, dict)
    ):
        return [_("Write the message in at least one language.")]
    for language, part in content.items():
        if language not in LANGUAGES or not isinstance(part, dict):
            errors.append(_("Unknown language “%(language)s”.") % {"language": str(language)[:8]})
            continue
        for name in ("subject", "body"):
            try:
                template_check(part.get(name, ""))
            except TemplateError as exc:
                errors.append(f"{language.upper()}: {exc}")
        needs_subject = kind == Kind.SEND_EMAIL and part.get("body", "").strip()
        if needs_subject and not part.get("subject", "").strip():
            errors.append(
                _("%(language)s: an email needs a subject.") % {"language": language.upper()}
            )
    return errors


def _check_condition(organization, condition) -> list[str]:
    if not isinstance(condition, dict):
        return [_("Choose a condition.")]
    kind = condition.get("type")
    if kind == "activity":
        if not str(condition.get("kind") or "").strip():
            return [_("Name the activity to look for.")]
        return []
    if kind == "tag":
        if (
            not Tag.objects.for_organization(organization)
            .filter(pk=_int(condition.get("tag")))
            .exists()
        ):
            return [_("Choose a tag.")]
        return []
    if kind == "segment":
        segments = Segment.objects.for_organization(organization)
        if not segments.filter(pk=_int(condition.get("segment"))).exists():
            return [_("Choose a segment.")]
        return []
    return [_("Choose a condition.")]


def config_errors(*, organization, kind: str, config: dict, journey: Journey | None = None):
    """What is wrong with a step's settings, in words (empty: nothing)."""
    if not isinstance(config, dict):
        return [_("The settings of this step are malformed.")]
    if kind == Kind.WAIT:
        if config.get("mode") == "until":
            if parse_time(config.get("time")) is None:
                return [_("Give the time of day as HH:MM.")]
            weekday = config.get("weekday")
            if weekday not in (None, "") and _int(weekday, -1) not in range(7):
                return [_("Choose a day of the week.")]
            return []
        days, hours = _int(config.get("days"), -1), _int(config.get("hours"), -1)
        if days < 0 or hours < 0 or days > MAX_WAIT_DAYS or hours > 23 * 24:
            return [_("Give a number of days and hours (up to a year).")]
        if days == 0 and hours == 0:
            return [_("A wait must last at least an hour.")]
        return []
    if kind in (Kind.SEND_EMAIL, Kind.SEND_SMS):
        errors = _check_content(kind, config.get("content"))
        if config.get("purpose") not in Purpose.values:
            errors.append(_("Choose the purpose of consent the message is sent for."))
        return errors
    if kind in (Kind.TAG_ADD, Kind.TAG_REMOVE):
        if (
            not Tag.objects.for_organization(organization)
            .filter(pk=_int(config.get("tag")))
            .exists()
        ):
            return [_("Choose a tag.")]
        return []
    if kind == Kind.BRANCH:
        return _check_condition(organization, config.get("condition"))
    if kind == Kind.SPLIT:
        if not 1 <= _int(config.get("percent_a"), 0) <= 99:
            return [_("Send between 1% and 99% of people to A.")]
        return []
    if kind == Kind.TASK:
        errors = []
        if not str(config.get("title") or "").strip():
            errors.append(_("Give the task a title."))
        if not 0 <= _int(config.get("due_days"), -1) <= MAX_WAIT_DAYS:
            errors.append(_("The task is due within 0 to 366 days."))
        if config.get("assignee") not in ("organizer", "member"):
            errors.append(_("Say who the task is for."))
        return errors
    if kind == Kind.GOTO:
        target = Journey.objects.for_organization(organization).filter(
            pk=_int(config.get("journey"))
        )
        if journey is not None:
            target = target.exclude(pk=journey.pk)
        if not target.exclude(status=Journey.Status.ARCHIVED).exists():
            return [_("Choose another journey of the organization.")]
        return []
    if kind == Kind.EXIT:
        return []
    return [_("Unknown kind of step.")]


# --- The flow as a tree ---------------------------------------------------------------------


@dataclass
class Node:
    step: Step
    #: [(label, [Node, ...]), (label, [Node, ...])] for a branch or a split.
    arms: list = field(default_factory=list)


class FlowError(ValueError):
    pass


def live_steps(steps) -> dict[str, Step]:
    return {s.key: s for s in steps if s.removed_at is None}


def flow_tree(journey: Journey, steps: dict[str, Step]) -> list[Node]:
    """The journey's flow from its first step, each branch or split with its two arms.
    Raises FlowError on a loop or a pointer to a missing step."""
    seen: set[str] = set()

    def chain(key: str) -> list[Node]:
        nodes = []
        while key:
            if key in seen:
                raise FlowError(_("The flow loops back to a step it already went through."))
            step = steps.get(key)
            if step is None:
                raise FlowError(_("The flow points to a step that no longer exists."))
            seen.add(key)
            node = Node(step=step)
            nodes.append(node)
            if step.has_arms:
                labels = arm_labels(step)
                node.arms = [(labels[0], chain(step.next_key)), (labels[1], chain(step.alt_key))]
                break
            if step.kind in (Kind.EXIT, Kind.GOTO):
                break
            key = step.next_key
        return nodes

    return chain(journey.entry_key)


def flow_keys(nodes: list[Node]) -> list[str]:
    keys = []
    for node in nodes:
        keys.append(node.step.key)
        for _label, arm in node.arms:
            keys.extend(flow_keys(arm))
    return keys


def arm_labels(step: Step) -> tuple[str, str]:
    if step.kind == Kind.SPLIT:
        percent = _int(step.config.get("percent_a"), 50)
        return (
            _("A (%(percent)s%%)") % {"percent": percent},
            _("B (%(percent)s%%)") % {"percent": 100 - percent},
        )
    return (_("Then"), _("Otherwise"))


def parent_pointer(steps: dict[str, Step], key: str) -> tuple[Step | None, str]:
    """The step whose pointer leads to ``key`` and which pointer ("next" or "alt");
    (None, "") when ``key`` is the first step."""
    for step in steps.values():
        if step.next_key == key:
            return step, "next"
        if step.alt_key == key:
            return step, "alt"
    return None, ""


# --- In words -------------------------------------------------------------------------------


def duration_text(days: int, hours: int) -> str:
    parts = []
    if days:
        parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    return _(" and ").join(parts)


def _names(model, organization, pk) -> str:
    row = model.objects.for_organization(organization).filter(pk=_int(pk)).first()
    return str(row) if row is not None else _("(deleted)")


def condition_text(organization, condition: dict) -> str:
    kind = (condition or {}).get("type")
    if kind == "activity":
        name = kind_label(condition.get("kind") or "")
        if condition.get("since_entry"):
            return _("the person did “%(kind)s” since entering the journey") % {"kind": name}
        return _("the person ever did “%(kind)s”") % {"kind": name}
    if kind == "tag":
        return _("the person has the tag “%(tag)s”") % {
            "tag": _names(Tag, organization, condition.get("tag"))
        }
    if kind == "segment":
        return _("the person is in the segment “%(segment)s”") % {
            "segment": _names(Segment, organization, condition.get("segment"))
        }
    return _("(no condition)")


def describe(step: Step, organization=None) -> str:
    """One sentence for the editor: "Wait 2 days", "Send the email “Thank you” (...)"."""
    organization = organization or step.organization
    config = step.config or {}
    kind = step.kind
    if kind == Kind.WAIT:
        if config.get("mode") == "until":
            weekday = config.get("weekday")
            if weekday in (None, ""):
                return _("Wait until %(time)s") % {"time": config.get("time", "")}
            return _("Wait until the next %(day)s at %(time)s") % {
                "day": WEEKDAYS[_int(weekday) % 7],
                "time": config.get("time", ""),
            }
        return _("Wait %(duration)s") % {
            "duration": duration_text(_int(config.get("days")), _int(config.get("hours")))
        }
    if kind in (Kind.SEND_EMAIL, Kind.SEND_SMS):
        content = config.get("content") or {}
        subjects = {code: (part or {}).get("subject", "") for code, part in content.items()}
        bodies = {code: (part or {}).get("body", "") for code, part in content.items()}
        purpose = (
            Purpose(config["purpose"]).label if config.get("purpose") in Purpose.values else "?"
        )
        if kind == Kind.SEND_EMAIL:
            text = _("Send the email “%(subject)s” (purpose: %(purpose)s)") % {
                "subject": pick_text(subjects) or "…",
                "purpose": purpose,
            }
            return text if not config.get("any_hour") else text + " · " + _("at any hour")
        body = pick_text(bodies)
        return _("Send the SMS “%(text)s” (purpose: %(purpose)s)") % {
            "text": body[:60] + ("…" if len(body) > 60 else ""),
            "purpose": purpose,
        }
    if kind == Kind.TAG_ADD:
        return _("Add the tag “%(tag)s”") % {"tag": _names(Tag, organization, config.get("tag"))}
    if kind == Kind.TAG_REMOVE:
        return _("Remove the tag “%(tag)s”") % {"tag": _names(Tag, organization, config.get("tag"))}
    if kind == Kind.BRANCH:
        return _("If %(condition)s") % {
            "condition": condition_text(organization, config.get("condition"))
        }
    if kind == Kind.SPLIT:
        percent = _int(config.get("percent_a"), 50)
        return _("Split at random: %(a)s%% A / %(b)s%% B") % {"a": percent, "b": 100 - percent}
    if kind == Kind.TASK:
        who = (
            _("the person's organizer")
            if config.get("assignee") == "organizer"
            else _("a chosen member")
        )
        return _("Create the task “%(title)s” for %(who)s") % {
            "title": config.get("title", ""),
            "who": who,
        }
    if kind == Kind.GOTO:
        return _("Move to the journey “%(journey)s”") % {
            "journey": _names(Journey, organization, config.get("journey"))
        }
    if kind == Kind.EXIT:
        return _("Exit the journey")
    return str(step.get_kind_display())
