"""Editorial pages render their rich text with Wagtail, so internal links and embeds become real HTML."""

import pytest
from wagtail.models import Page

from citynet.hub.models import NetworkHomePage, RegionPage

pytestmark = pytest.mark.django_db


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_an_internal_link_in_the_hubs_text_is_a_real_link(client, western_balkans):
    home = NetworkHomePage.objects.get(locale__language_code="en")
    region_page = RegionPage.objects.get(locale__language_code="en")
    publish(region_page, intro=f'<p>Read about <a linktype="page" id="{home.pk}">the whole network</a>.</p>')
    html = client.get("/en/western-balkans/").content.decode()
    assert '<a href="/en/">the whole network</a>' in html
    assert "linktype" not in html


def test_an_internal_link_on_the_network_home_is_a_real_link(client, western_balkans):
    home = NetworkHomePage.objects.get(locale__language_code="en")
    region_page = RegionPage.objects.get(locale__language_code="en")
    publish(home, intro=f'<p>Start with <a linktype="page" id="{region_page.pk}">the Western Balkans</a>.</p>')
    html = client.get("/en/").content.decode()
    assert '<a href="/en/western-balkans/">the Western Balkans</a>' in html
    assert "linktype" not in html


def test_a_serbian_page_transliterated_to_cyrillic_keeps_its_entities_tags_and_links(client, western_balkans):
    home = Page.objects.get(depth=2, locale__language_code="en")
    latin = RegionPage.objects.get(locale__language_code="sr-latn")
    latin.alias_of = None
    publish(
        latin,
        title="Gradovi i zajednice",
        intro=f'<p class="lead">Gradovi &amp; zajednice, <b>Niš</b>&nbsp;i <a linktype="page" id="{home.pk}">Mreža</a></p>',
    )
    response = client.get("/sr/western-balkans/")
    html = response.content.decode()
    assert response.context["editorial"]["how"] == "transliterated"
    assert '<p class="lead">Градови &amp; заједнице, <b>Ниш</b>&nbsp;и <a href="/sr/">Мрежа</a></p>' in html
    assert "&амп;" not in html and "&нбсп;" not in html
