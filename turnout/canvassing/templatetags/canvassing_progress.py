"""The live progress panel of an effort's page: ``{% effort_progress_panel effort %}``."""

from django import template

from turnout.core.charts import breakdown

from ..selectors_visits import effort_progress, rejected_for

register = template.Library()


@register.inclusion_tag("canvassing/progress/_panel.html", takes_context=True)
def effort_progress_panel(context, effort):
    request = context["request"]
    organization = context["organization"]
    allowed = request.user.has_perm("canvassing.view_progress", organization)
    if not allowed:
        return {"allowed": False}
    progress = effort_progress(effort=effort)
    return {
        "allowed": True,
        "effort": effort,
        "organization": organization,
        "progress": progress,
        "parts": breakdown([(o["label"], o["count"], o["tone"]) for o in progress["outcomes"]]),
        "rejected_count": rejected_for(organization=organization, effort=effort).count(),
        "can_script": request.user.has_perm("canvassing.manage_scripts", organization),
        "questions": len(effort.script or []),
        "map_tiles": context.get("map_tiles", ""),
        "map_attribution": context.get("map_attribution", ""),
        "request": request,
    }
