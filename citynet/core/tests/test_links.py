from django.urls import reverse
from django.utils.translation import override

from citynet.core.links import link_to


def test_a_link_made_once_is_the_reverse_of_each_value_in_the_active_language():
    with override("ar"):
        profile = link_to("hub:municipality-detail")
        assert profile("gjilan") == reverse("hub:municipality-detail", args=["gjilan"]) == "/ar/municipalities/gjilan/"
        comparison = link_to("advisory_assessments:compare")
        assert comparison(42) == reverse("advisory_assessments:compare", args=[42])
