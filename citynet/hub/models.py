"""Editorial pages of the public hub. Live data (members, partners, figures) comes from the registry.

Each page exists once per locale (Wagtail i18n). A locale nobody has translated yet holds an alias
of the English page; the template says so, or shows a transliteration of the other Serbian script.
"""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from citynet.core.cache import registry_version
from citynet.network.models import Region


class NetworkHomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["hub.RegionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network home page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.network_home_context(page=self, preview=getattr(request, "is_preview", False)))
        return context


class RegionPage(Page):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("story"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("region"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["hub.NetworkHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("region hub page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["editorial"] = selectors.editorial(
            self, ["intro", "body"], preview=getattr(request, "is_preview", False)
        )
        # Computed only when the template's cached fragment is missing (see citynet.core.cache).
        context["hub"] = SimpleLazyObject(lambda: selectors.region_hub_context(page=self))
        context["registry_version"] = registry_version()
        return context
