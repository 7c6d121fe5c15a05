from django.utils.translation import gettext_lazy as _


class OrganizationError(Exception):
    """A business rule refused the operation; ``str(exc)`` is a message for the user."""

    default_message = _("This operation is not allowed.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message

    def __str__(self) -> str:
        return str(self.message)


class InvitationInvalid(OrganizationError):
    default_message = _("This invitation link is not valid.")


class InvitationExpired(OrganizationError):
    default_message = _("This invitation has expired. Ask the organization for a new one.")


class InvitationWrongEmail(OrganizationError):
    pass


class LastOwner(OrganizationError):
    default_message = _("An organization needs at least one owner.")


class AlreadyMember(OrganizationError):
    default_message = _("This person is already a member of the organization.")
