"""The OSDI resources other than people, tags and lists, on the API framework of
``turnout/api/osdi/``: one package per family (actions: petitions, forms and their signatures
and submissions; events and attendances; donations: fundraising pages and donations;
messages; canvassing: efforts, canvasses, questions and answers).

Each family has ``representations.py`` (model -> OSDI dict, usable outside a request:
``representations.py`` of this package re-exports them for webhook payloads),
``selectors.py`` (reads scoped to the token's organization), ``views.py`` (thin adapters
that call the apps' services) and its routes in ``urls.py``.
"""
