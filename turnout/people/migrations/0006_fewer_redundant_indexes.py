"""Drop the single-column indexes of foreign keys that already lead a composite index or
unique constraint of the same table (the planner uses the wider one; every insert wrote
both). Only the indexes go: Django's own AlterField would also drop and re-validate each
foreign-key constraint (a scan of the whole table under lock), and rebuild the tables on
SQLite."""

import django.db.models.deletion
from django.db import migrations, models

# (model, field) whose own index goes.
DROPPED = [
    ("activity", "organization"),
    ("activity", "person"),
    ("emailaddress", "organization"),
    ("person", "organization"),
    ("phonenumber", "organization"),
    ("phonenumber", "person"),
    ("postaladdress", "organization"),
    ("tagging", "person"),
    ("tagging", "tag"),
]


def _index_names(apps, schema_editor):
    for model_name, field_name in DROPPED:
        model = apps.get_model("people", model_name)
        column = model._meta.get_field(field_name).column
        table = model._meta.db_table
        yield table, column, schema_editor._create_index_name(table, [column], suffix="")


def drop_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for _table, _column, name in _index_names(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def create_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, column, name in _index_names(apps, schema_editor):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} ({quote(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("people", "0005_activity_counters"),
    ]

    operations = [
        migrations.RunPython(drop_indexes, create_indexes),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activity",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activities",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="emailaddress",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="phonenumber",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="phonenumber",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="phones",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="postaladdress",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="tagging",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="taggings",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="tagging",
                    name="tag",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="taggings",
                        to="people.tag",
                    ),
                ),
            ]
        ),
    ]
