from django.core.checks import Warning, register

from .fonts import FONT_DIR, installed


@register()
def visual_fonts_installed(app_configs, **kwargs):
    if installed():
        return []
    return [
        Warning(
            f"The fonts of campaign visuals are missing from {FONT_DIR}: visuals cannot be "
            "rendered.",
            hint="Run `make install` (or `python -m turnout.visuals.fonts`) once with network "
            "access to the npm registry.",
            id="turnout.visuals.W001",
        )
    ]
