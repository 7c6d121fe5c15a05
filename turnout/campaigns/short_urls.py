"""Short tracked links /r/<code> (no language prefix)."""

app_name = "campaigns_short"
urlpatterns: list = []
