# Mounted by turnout/people/urls.py under /<lang>/o/<org_slug>/people/.
urlpatterns: list = []
