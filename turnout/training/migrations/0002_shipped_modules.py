"""Load the modules shipped with Turnout (canvassing, texting, data protection basics, in
French, English and German). Idempotent by slug; ``shipped_sync`` refreshes them later."""

from django.db import migrations


def load(apps, schema_editor):
    from turnout.training.shipped import shipped_sync

    shipped_sync(apps)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
