from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def email_is_configured(app_configs, **kwargs):
    if not settings.DEBUG and settings.EMAIL_BACKEND.endswith("outbox.EmailBackend"):
        return [
            Warning(
                "Email goes to the local outbox: nobody receives sign-up confirmations, password "
                "resets or invitations.",
                hint="Set EMAIL_URL (SMTP) or EMAIL_BACKEND and ANYMAIL_* (a provider).",
                id="turnout.W001",
            )
        ]
    return []


@register(deploy=True)
def hash_key_is_set(app_configs, **kwargs):
    if not settings.DEBUG and settings.TURNOUT_HASH_KEY == settings.SECRET_KEY:
        return [
            Warning(
                "TURNOUT_HASH_KEY is not set: the suppression list is keyed with SECRET_KEY, and "
                "rotating SECRET_KEY would make opted-out contacts unrecognizable.",
                hint="Set TURNOUT_HASH_KEY to a long random value once and never change it.",
                id="turnout.W002",
            )
        ]
    return []
