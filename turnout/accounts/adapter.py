from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Send people who just signed up (or logged in) to their organizations, or to a pending
    invitation they opened before logging in."""

    def get_login_redirect_url(self, request):
        pending = request.session.get("pending_invitation")
        if pending:
            return reverse("organizations:invitation", kwargs={"token": pending})
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)
