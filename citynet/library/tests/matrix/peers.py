"""URL x role rows of the peer cities page (views/peers.py; the scene is ../url_matrix.py, `extend(scene)` adds
what only these rows need).

The page is everyone's and the same for everyone (public records only), with or without filters; values
that mean nothing are ignored. It is read-only: writes are refused (405), whoever asks.
"""

from citynet.core.testing import Row
from citynet.events.tests.factories import past_event
from citynet.network.models import PositionRole
from citynet.network.tests.factories import PersonFactory, PositionFactory, TopicFactory

from .public import EVERYONE, REFUSED, WRITES


def extend(scene) -> None:
    """The scene's city hosted a public event on a topic, and has a public focal point."""
    scene.peers_topic = TopicFactory(slug="synthetic-peers-topic")
    past_event(host_municipality=scene.city, topics=[scene.peers_topic], region=scene.region)
    PositionFactory(
        municipality=scene.city,
        role=PositionRole.FOCAL_POINT,
        person=PersonFactory(name_en="Synthetic peers focal point"),
    )


def peer_cities(s) -> str:
    return "/en/peer-cities/"


ROWS = [
    Row("library:peer-cities", "GET", peer_cities, EVERYONE),
    Row(
        "library:peer-cities filtered",
        "GET",
        lambda s: f"/en/peer-cities/?topic={s.peers_topic.slug}&region={s.region.slug}&country={s.country.code}&page=1",
        EVERYONE,
    ),
    Row(
        "library:peer-cities bad filters",
        "GET",
        lambda s: "/en/peer-cities/?topic=%3Cx%3E&region=%3Cx%3E&country=atlantis&page=x",
        EVERYONE,
    ),
    *(Row("library:peer-cities", method, peer_cities, REFUSED) for method in WRITES),
]
