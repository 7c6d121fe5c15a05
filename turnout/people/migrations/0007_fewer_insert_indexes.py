"""Two indexes that every new person or timeline line wrote and almost no query reads
(decision 0102): the assigned organizer's index keeps only the people who have one (a partial
index), the timeline's content-type index goes. Only the indexes change, by name (the same on
PostgreSQL and SQLite), as in 0006: Django's AlterField would also drop and re-validate the
foreign-key constraints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ORGANIZER_INDEX = "people_person_organizer_id_2e23a3a6"
SOURCE_TYPE_INDEX = "people_activity_source_type_id_93d1ca4b"


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("people", "0006_fewer_redundant_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{ORGANIZER_INDEX}"',
                    f'CREATE INDEX IF NOT EXISTS "{ORGANIZER_INDEX}" '
                    'ON "people_person" ("organizer_id")',
                ),
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{SOURCE_TYPE_INDEX}"',
                    f'CREATE INDEX IF NOT EXISTS "{SOURCE_TYPE_INDEX}" '
                    'ON "people_activity" ("source_type_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="organizer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned organizer",
                    ),
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="source_type",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("organizer__isnull", False)),
                fields=["organizer"],
                name="person_organizer_idx",
            ),
        ),
    ]
