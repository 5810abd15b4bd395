"""The hub's editorial pages for the demo: the network home and the Western Balkans region page.

Arabic and English carry the seed's own text (demo_content/); every other locale gets an alias of the
English page, which the templates mark as untranslated until an editor translates it.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from citynet.network.models import Region

from .models import NetworkHomePage, RegionPage

CONTENT = Path(__file__).parent / "demo_content"

HOME = {
    "en": {
        "title": "Strong Cities Network",
        "intro": "<p>Cities working together to prevent violent extremism and hate, and to build local "
        "resilience. Choose a region to see its members, programme and partners.</p>",
    },
    "ar": {
        "title": "شبكة المدن القوية",
        "intro": "<p>مدن تعمل معًا للوقاية من التطرّف العنيف والكراهية وبناء القدرة على الصمود محليًا. "
        "اختاروا منطقة للاطلاع على أعضائها وبرنامجها وشركائها.</p>",
    },
}


def _region_content(code: str) -> dict:
    return json.loads((CONTENT / f"western-balkans.{code}.json").read_text(encoding="utf-8"))


@transaction.atomic
def load_pages(region: Region) -> RegionPage:
    """Create the page tree once per locale; run again, it changes nothing."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}
    root = Page.get_first_root_node()
    home = NetworkHomePage.objects.filter(locale=locales["en"]).first()
    if home is None:
        # Wagtail's installer leaves a placeholder "Welcome" page; the network home replaces it.
        for placeholder in Page.objects.filter(depth=2, content_type__model="page"):
            placeholder.delete()
        home = root.add_child(instance=NetworkHomePage(locale=locales["en"], slug="home", **HOME["en"]))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page, site.site_name = home, "citynet"
    site.save()

    region_page = RegionPage.objects.filter(locale=locales["en"], region=region).first()
    if region_page is None:
        en = _region_content("en")
        region_page = home.add_child(
            instance=RegionPage(
                locale=locales["en"],
                slug=region.slug,
                region=region,
                title=en["title"],
                intro=en["intro"],
                body=en["body"],
            )
        )
        region_page.save_revision().publish()

    for code, locale in locales.items():
        if code == "en":
            continue
        translated = code == "ar"
        for page, content in (
            (home, HOME.get(code)),
            (region_page, _region_content(code) if translated else None),
        ):
            if page.get_translations().filter(locale=locale).exists():
                continue
            copy = page.copy_for_translation(locale, copy_parents=True, alias=not translated)
            if translated:
                copy = copy.specific
                for field, value in content.items():
                    setattr(copy, field, value)
                copy.save_revision().publish()
    return region_page
