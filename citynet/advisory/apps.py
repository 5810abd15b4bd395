from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "citynet.advisory"
    label = "advisory"
    verbose_name = _("Advisory work")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from citynet.core.cache import bump_registry_version

        # Published consultations appear on the region hub and municipality profiles, whose fragments are cached.
        from .models import Meeting, Plan, Visit

        for model in (Visit, Meeting, Plan):
            post_save.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
            post_delete.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")

        # The region's capacity (selectors/assessments.py) is kept under a version of its own: the public
        # pages never show assessments, so their writes need not make those pages cold.
        from .models import Assessment, CapacityArea, Framework, Score
        from .selectors.assessments import bump_assessments_version

        for model in (Assessment, Score, Framework, CapacityArea):
            uid = f"advisory-assessments-{model.__name__}"
            post_save.connect(bump_assessments_version, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_assessments_version, sender=model, dispatch_uid=f"{uid}-delete")
