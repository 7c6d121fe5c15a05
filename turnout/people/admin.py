from django.contrib import admin

from . import models


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "created_at", "last_activity_at", "erased_at"]
    list_filter = ["organization"]
    search_fields = ["given_name", "family_name", "emails__address"]
    raw_id_fields = ["organizer", "source_import"]


for model in (
    models.EmailAddress,
    models.PhoneNumber,
    models.PostalAddress,
    models.Tag,
    models.CustomField,
    models.Consent,
    models.Suppression,
    models.Segment,
    models.PeopleList,
    models.PeopleImport,
    models.PersonMerge,
    models.AccessLog,
    models.RetentionPolicy,
    models.Activity,
    models.ImportMapping,
    models.DuplicateCandidate,
    models.DuplicateDismissal,
):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (admin.ModelAdmin,),
            {
                "list_display": ["__str__", "organization", "created_at"],
                "list_filter": ["organization"],
            },
        ),
    )


@admin.register(models.Tagging)
class TaggingAdmin(admin.ModelAdmin):
    list_display = ["tag", "person", "created_at"]
    raw_id_fields = ["person", "tag", "added_by", "source_import"]


@admin.register(models.ListMembership)
class ListMembershipAdmin(admin.ModelAdmin):
    list_display = ["people_list", "person", "added_at"]
    raw_id_fields = ["people_list", "person"]


@admin.register(models.ImportChange)
class ImportChangeAdmin(admin.ModelAdmin):
    list_display = ["people_import", "person", "created"]
    raw_id_fields = ["people_import", "person"]


@admin.register(models.ActivityCount)
class ActivityCountAdmin(admin.ModelAdmin):
    """Derived from the activities and kept exact by the services: shown, never edited."""

    list_display = ["person", "kind", "count", "organization"]
    list_filter = ["organization"]
    list_select_related = ["person", "organization"]
    search_fields = ["kind"]
    raw_id_fields = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
