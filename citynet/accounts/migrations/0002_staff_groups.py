"""The staff groups that let the secretariat and regional coordinators into the Wagtail admin.

Role assignments stay the source of truth; citynet.accounts.services keeps group membership in step
from now on, and this migration puts existing role holders in their groups once.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

SECRETARIAT_GROUP = "Secretariat"
COORDINATORS_GROUP = "Regional coordinators"


def create_staff_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")

    access = Q(content_type__app_label="wagtailadmin", codename="access_admin")
    registry = Q(content_type__app_label="network") | Q(
        content_type__app_label="accounts", content_type__model="roleassignment"
    )
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    secretariat.permissions.add(*Permission.objects.filter(access | registry))
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    coordinators.permissions.add(*Permission.objects.filter(access))

    for role, group in (("secretariat", secretariat), ("regional_coordinator", coordinators)):
        group.user_set.add(*RoleAssignment.objects.filter(role=role).values_list("user_id", flat=True).distinct())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]
