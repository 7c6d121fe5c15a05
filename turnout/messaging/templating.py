"""Message texts with variables: ``Bonjour {first_name|}, ...``.

A variable is ``{name}`` or ``{name|fallback}``; the fallback is used when the person has no
value (``{first_name|}`` means "nothing"). Only the names in ``VARIABLES`` exist: a text with
an unknown name, or a required one without a fallback, is refused when it is saved, with the
name in the message, so a broadcast never goes out with a hole or a literal ``{frist_name}``.
Braces that are not variables are written ``{{`` and ``}}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VARIABLES = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "full_name": gettext_lazy("full name"),
    "organization": gettext_lazy("organization name"),
    "texter_name": gettext_lazy("texter's first name (texting only)"),
}
#: Values a person may not have: a text must say what to write instead.
OPTIONAL = {"first_name", "last_name", "full_name", "texter_name"}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class _Var:
    name: str
    fallback: str | None


def _parse(text: str) -> list[str | _Var]:
    parts: list[str | _Var] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[pos : match.start()])
        token = match.group(0)
        pos = match.end()
        if token == "{{":  # noqa: S105  (a brace, not a password)
            parts.append("{")
        elif token == "}}":  # noqa: S105
            parts.append("}")
        elif match.group(1) is None:
            raise TemplateError(
                _("Unpaired brace “%(brace)s”: write it twice (“%(brace)s%(brace)s”).")
                % {"brace": token}
            )
        else:
            inner = match.group(1)
            name, sep, fallback = inner.partition("|")
            name = name.strip()
            if name not in VARIABLES:
                raise TemplateError(
                    _("Unknown variable {%(name)s}. Available: %(names)s.")
                    % {"name": name, "names": ", ".join(f"{{{v}}}" for v in VARIABLES)}
                )
            parts.append(_Var(name, fallback if sep else None))
    parts.append(text[pos:])
    return parts


def template_check(text: str) -> list[str]:
    """The variables a text uses; raises ``TemplateError`` with a readable message."""
    names = []
    for part in _parse(text):
        if isinstance(part, _Var):
            if part.name in OPTIONAL and part.fallback is None:
                raise TemplateError(
                    _(
                        "{%(name)s} can be empty: write {%(name)s|…} with what to say "
                        "instead, for example {%(name)s|} for nothing."
                    )
                    % {"name": part.name}
                )
            names.append(part.name)
    return names


def template_render(text: str, values: dict[str, str]) -> str:
    out = []
    for part in _parse(text):
        if isinstance(part, _Var):
            value = (values.get(part.name) or "").strip() or (part.fallback or "")
            if not value and out and out[-1].endswith(" "):
                # Nothing to say: "Bonjour {first_name|}, ..." reads "Bonjour, ...".
                out[-1] = out[-1][:-1]
            out.append(value)
        else:
            out.append(part)
    return "".join(out)


def person_values(person, organization=None, texter=None) -> dict[str, str]:
    values = {}
    if person is not None and not person.erased_at:
        values["first_name"] = person.given_name
        values["last_name"] = person.family_name
        values["full_name"] = f"{person.given_name} {person.family_name}".strip()
    if organization is not None:
        values["organization"] = organization.name
    if texter is not None:
        values["texter_name"] = (getattr(texter, "full_name", "") or "").split(" ")[0]
    return values


def pick_language(content: dict, language: str, default: str) -> str:
    """The language a person receives: theirs when the content exists in it."""
    if language and content.get(language):
        return language
    if content.get(default):
        return default
    return next(iter(content), default)
