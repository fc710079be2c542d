"""Code lists get a public id (no numeric keys in URLs); existing lists get a fresh one each."""

import uuid

from django.db import migrations, models


def give_public_ids(apps, schema_editor):
    code_list = apps.get_model("cases", "CodeList")
    for row in code_list.objects.filter(public_id__isnull=True).only("pk"):
        row.public_id = uuid.uuid4()
        row.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_notices")]

    operations = [
        migrations.AddField(
            model_name="codelist", name="public_id", field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="codelist", name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
