from django.db import migrations

AUTHORS_GROUP = "News authors"  # as klynge.news.rules.AUTHORS_GROUP


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=AUTHORS_GROUP)


class Migration(migrations.Migration):
    dependencies = [("news", "0001_posts"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
