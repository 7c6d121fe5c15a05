"""The OSDI 1.1 HAL+JSON API framework (/api/v1/, and /api/v2/ for Action Network tools).

How to add a resource (say petitions), in ``turnout/api/resources/<name>/``:

1. **Representation**: a plain function ``petition_representation(obj, ctx) -> dict`` (see
   ``representations.py``). Use ``identifiers_of(ctx, obj.uuid, obj.identifiers)``,
   ``iso(obj.created_at)`` for ``created_date``/``modified_date``, ``ctx.link("petition",
   obj.uuid)`` for ``_links.self`` and ``ctx.link("person", person.uuid)`` for
   ``osdi:person``. No request in it: webhooks call it with ``LinkContext.for_site()``.
2. **Selectors**: ``petitions_for_api(*, organization)`` returning a queryset scoped to the
   organization, with what the representation reads prefetched (no query per record).
3. **Serializers**: input ones subclass ``serializers.StrictSerializer`` (unknown keys -> 400;
   ``ignored_fields`` lists OSDI keys accepted and dropped), with ``StrictCharField``,
   ``StrictBooleanField``... Output serializers in the style of ``schema.PersonOutput`` only
   document the representation for drf-spectacular (``schema.collection_of(rel, Output)``).
4. **Views**: subclass ``views.OsdiView``; set ``scope_family`` (a family registered with
   ``registry.register_scope_family("actions", _("Petitions, forms ..."))``; GET needs
   ``<family>:read``, writes ``<family>:write``). ``self.organization``, ``self.actor`` (the
   token's creator, for timelines and audit), ``self.source_ref`` ("API, token <name>", for
   consent provenance), ``self.links`` (LinkContext of the request), ``self.body()`` (the JSON
   object). Lists: ``return self.collection(queryset=..., rel="osdi:petitions",
   represent=petition_representation)`` does ``$filter``, pagination and the HAL envelope
   (``prepare=`` loads related rows for the page in bulk, as ``contact_points_attach``);
   ``filter_fields`` (default ``filters.DATE_FILTERS``: modified_date -> updated_at,
   created_date -> created_at) maps filterable OSDI names to model paths. One record:
   ``self.get_by_uuid(queryset, raw_id)`` / ``self.get_by_pk(...)`` accept bare,
   ``turnout:``/``action_network:``-prefixed ids and URLs, and 404 for another organization's.
   Writes call one service; a write request runs in one transaction rolled back on any error
   status. Raise ``rest_framework.exceptions.ValidationError({"field": ["msg"]})`` for 400s.
   A person given by link: ``PeopleBase.person_from_link`` (``people/views.py``) accepts
   ``_links.osdi:person.href`` with any host. Decorate with ``drf_spectacular.utils.
   extend_schema(tags=[...], request=..., responses={200: ...})``.
5. **URLs**: ``turnout/api/resources/urls.py`` exposes ``urlpatterns`` (picked up by
   ``osdi/urls.py``, mounted under both /api/v1/ and /api/v2/); name each route, use
   ``re_path(r"^petitions/?$", ...)`` so both ``petitions`` and ``petitions/`` work; call
   ``registry.register_entry("osdi:petitions", "petitions", _("..."))`` so the entry point
   lists it, and ``registry.register_person_link("osdi:signatures", "person-signatures")``
   for links from a person.
6. **Tests** (see ``turnout/api/tests/``): the ``api_client`` / ``token_factory`` fixtures of
   ``turnout/api/tests/conftest.py``; cover 401/403 scope, 404 for org B's record, unknown
   field 400, ``$filter`` on modified_date, pagination, and add the endpoints to the
   schemathesis run and the OpenAPI snapshot (``make openapi``).
"""
