"""Editorial pages of the public hub. Live data (members, partners, figures) comes from the registry.

Each page exists once per locale (Wagtail i18n). A locale nobody has translated yet holds an alias
of the English page; the template says so, or shows a transliteration of the other Serbian script.

Reads of the page tree live here, on the pages; reads of the registry in `citynet.network.selectors`.
This module imports neither `citynet.hub.selectors` nor the views: they import it.
"""

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from citynet.advisory.views import public as advisory
from citynet.core.cache import FRAGMENT_SECONDS, registry_version
from citynet.core.i18n import FALLBACKS, current_language, html_lang, transliterate_html
from citynet.core.names import to_cyrillic, to_latin
from citynet.events.selectors import public as events
from citynet.grants.selectors import public as grants
from citynet.library.views import public as library
from citynet.network import selectors as network
from citynet.network.models import Region, ReportedFigure

from . import maps

MEMBERS_SHOWN_PER_COUNTRY = 12


class EditorialPage(Page):
    """A page whose text is shown in the visitor's language, or its best fallback, and says which."""

    # The rich-text fields the template shows, besides the title.
    editorial_fields: list[str] = []

    class Meta:
        abstract = True

    def editorial(self, *, preview: bool = False) -> dict:
        """The page's text in the visitor's language, cached per registry version.

        A preview shows the draft being edited, so it is never cached. Rich text stays in Wagtail's
        stored form (the template renders it with `|richtext`, which resolves links and images).
        """
        if preview:
            return self._editorial_uncached()
        fields = ",".join(self.editorial_fields)
        key = f"citynet:editorial:{self.pk}:{current_language()}:{fields}:{registry_version()}"
        return cache.get_or_set(key, self._editorial_uncached, FRAGMENT_SECONDS)

    def _text(self, page) -> dict:
        return {f: getattr(page, f) for f in ["title", *self.editorial_fields]}

    def _editorial_uncached(self) -> dict:
        """A locale's page that nobody translated is an alias of the English one. For Serbian, the
        page in the other script is transliterated before falling back to English."""
        requested = current_language()
        if self.alias_of_id is None and self.locale.language_code == requested:
            return _editorial(self._text(self), requested, requested, None)
        translations = {
            p.locale.language_code: p.specific
            for p in self.get_translations(inclusive=True).filter(alias_of__isnull=True).select_related("locale")
        }
        for source, script in FALLBACKS.get(requested, []):
            source_page = translations.get(source)
            if source_page is None:
                continue
            text = self._text(source_page)
            if script:
                title = text.pop("title")
                text = {f: transliterate_html(v or "", script) for f, v in text.items()}
                text["title"] = to_cyrillic(title) if script == "cyrillic" else to_latin(title)
            return _editorial(text, source, requested, "transliterated" if script else "fallback")
        return _editorial(self._text(self.specific), "en", requested, "fallback")


def _editorial(text: dict, source: str, requested: str, how: str | None) -> dict:
    # A transliteration is in the visitor's script; a fallback is in its source language (for lang="").
    return {"text": text, "source": source, "how": how, "lang": html_lang(source if how == "fallback" else requested)}


class NetworkHomePage(EditorialPage):
    intro = RichTextField(_("introduction"), blank=True)

    editorial_fields = ["intro"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["hub.RegionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network home page")

    def region_pages(self) -> dict[int, "RegionPage"]:
        """This locale's live region pages under the home, by region id."""
        children = self.get_children().live().type(RegionPage).specific().filter(locale=self.locale)
        return {p.region_id: p for p in children}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = network.member_counts_by_region()
        pages = self.region_pages()
        regions = list(network.list_regions())
        for region in regions:
            region.members_on_record = counts.get(region.pk, 0)
        context["editorial"] = self.editorial(preview=getattr(request, "is_preview", False))
        context["regions"] = [{"region": r, "page": pages.get(r.pk)} for r in regions]
        return context


class RegionPage(EditorialPage):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("story"), blank=True)

    editorial_fields = ["intro", "body"]
    content_panels = [*Page.content_panels, FieldPanel("region"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["hub.NetworkHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("region hub page")

    @classmethod
    def find_live(cls, *, language: str, slug: str, depth: int) -> "RegionPage | None":
        """The live region page with `slug` in `language`, in one query (no walk down the tree)."""
        return (
            cls.objects.live()
            .filter(locale__language_code=language, slug=slug, depth=depth)
            .select_related("region", "locale")
            .first()
        )

    @classmethod
    def live_links(cls, *, language: str) -> list[dict]:
        """[{"region", "url"}] for each region with a live hub page in `language`, in the tree's order."""
        pages = cls.objects.live().filter(locale__language_code=language).select_related("region").order_by("path")
        links: dict[int, dict] = {}
        for page in pages:
            url = page.get_url()
            if url and page.region_id not in links:
                links[page.region_id] = {"region": page.region, "url": url}
        return list(links.values())

    def hub_data(self) -> dict:
        """Everything the hub shows from the registry, composed for display.

        The map's member points are not in the page: map.js loads them from `points_url`, a JSON
        resource cached per language and registry version (4,000 points at 50,000 municipalities made
        every response of the hub carry them).
        """
        region = self.region
        by_country = network.members_by_country(region, shown=MEMBERS_SHOWN_PER_COUNTRY)
        members = [m for row in by_country for m in row["all"]]
        partnerships = list(network.list_partners(region))
        map_data = maps.map_data(
            country_codes=[row["country"].code for row in by_country],
            municipalities=[],
            center=maps.region_center(region),
            zoom=region.map_zoom,
        )
        map_data["points_url"] = reverse("hub:region-map-points", args=[region.slug])
        return {
            "region": region,
            "members_by_country": by_country,
            "members": members,
            "countries": [row["country"] for row in by_country],
            "reported_members": network.reported_figure(region, ReportedFigure.Measure.MEMBERS),
            "municipalities_in_registry": network.count_municipalities_in(region),
            "partnerships": partnerships,
            "timeline": network.membership_timeline_by_year(region),
            "members_on_record": len(members),
            "partners": _group_partners(partnerships),
            "map_data": map_data,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["editorial"] = self.editorial(preview=getattr(request, "is_preview", False))
        # Computed only when the template's cached fragment is missing (see citynet.core.cache).
        context["hub"] = SimpleLazyObject(self.hub_data)
        # Not in the cached fragments: which calls are open is decided at each request (from rows that
        # the grants' selector keeps per registry version, so no query once warm).
        context["grants"] = SimpleLazyObject(lambda: grants.region_grants(self.region_id))
        # The region's next and last events (and the network-wide ones), kept per registry version and day.
        context["region_events"] = SimpleLazyObject(lambda: events.region_events(self.region_id))
        # The region's latest published consultations, kept per registry version and language.
        context["region_consultations"] = SimpleLazyObject(lambda: advisory.region_consultations(self.region_id))
        # The library's newest public resources about the region (and the network-wide ones), kept likewise.
        context["region_resources"] = SimpleLazyObject(lambda: library.region_resources(self.region_id))
        context["registry_version"] = registry_version()
        return context


def _group_partners(partnerships) -> list[dict]:
    """One entry per organisation, with all its roles in the region."""
    grouped: dict[int, dict] = {}
    for p in partnerships:
        entry = grouped.setdefault(p.organisation_id, {"organisation": p.organisation, "roles": []})
        entry["roles"].append(p)
    return list(grouped.values())
