"""Extra sections of a person's page contributed by other apps (current rung of the
engagement ladder, journeys the person is in...).

An app registers ``func(*, request, organization, person) -> dict | None`` with
``@register_person_panel``; the dict holds ``template`` (rendered with ``panel`` set to the
dict) and anything that template needs. ``None`` shows nothing.
"""

from __future__ import annotations

PERSON_PANELS: list = []


def register_person_panel(func):
    if func not in PERSON_PANELS:
        PERSON_PANELS.append(func)
    return func


def person_panels(*, request, organization, person) -> list[dict]:
    panels = []
    for func in PERSON_PANELS:
        panel = func(request=request, organization=organization, person=person)
        if panel:
            panels.append(panel)
    return panels
