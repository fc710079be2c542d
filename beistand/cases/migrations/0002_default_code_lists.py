from django.db import migrations

from beistand.cases.default_codes import install_default_lists


def install(apps, schema_editor):
    install_default_lists(apps.get_model("cases", "CodeList"), apps.get_model("cases", "Code"))


def remove(apps, schema_editor):
    code_list = apps.get_model("cases", "CodeList")
    code_list.objects.filter(network=None, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
