from .selectors import memberships_for_user


def organizations(request):
    """The organization switcher: the user's memberships and the one being worked in."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "my_memberships": memberships_for_user(user=request.user),
        "current_organization": getattr(request, "organization", None),
    }
