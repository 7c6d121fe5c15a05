"""How to make, in another organization, each object that an API-token URL names; the API's
own routes are scoped by the token, not by /o/<org>/ (tested in test_framework.py)."""

from .factories import ApiTokenFactory

OBJECT_KWARGS = {
    "token_id": lambda org: ApiTokenFactory(organization=org).pk,
}

EXEMPT: dict[str, str] = {
    f"api:{flavour}:{name}": "public API: the record is looked up within the token's organization"
    for flavour in ("v1", "v2")
    for name in (
        "person",
        "person-taggings",
        "person-items",
        "tag",
        "tag-taggings",
        "tagging",
        "list",
        "list-items",
        "list-item",
    )
}
