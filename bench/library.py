"""Plainly synthetic library resources at the issue's scale, for the benchmark only, and the search index.

- `RESOURCES` resources ("Synthetic resource 00042" in English, Arabic and Serbian Cyrillic; `is_demo`),
  mostly published and public, some members-only, staff-only or in draft, each with one or two language
  versions whose text (a few synthetic paragraphs, as extracted from a file) holds words only the
  search's body matching finds, and two of the seed's topics;
- then the one search's index written whole (`citynet.search.services.rebuild`), over these, the
  synthetic municipalities, people and events and the seed's records, timed.

Rows are bulk-created (no per-row services) and deterministic; nothing here could pass for a real
resource.
"""

import random
import time

RESOURCES = 20_000
LABEL = {"en": "Synthetic resource {n}", "ar": "مورد اصطناعي {n}", "sr": "Синтетички ресурс {n}"}
TEXT = (
    "Synthetic text {n} for the benchmark, not a real document. Practitioners of synthetic municipality {k} "
    "describe a synthetic referral mechanism, a youth council and a local action plan. "
)
TEXT_AR = "نص اصطناعي {n} لقياس الأداء وليس وثيقة حقيقية. آلية إحالة اصطناعية ومجلس للشباب. "


def generate(*, seed: int = 2019) -> dict:
    from citynet.library.models import Access, Resource, ResourceKind, ResourceStatus, ResourceVersion
    from citynet.network.models import Topic

    rng = random.Random(seed)
    topics = list(Topic.objects.values_list("pk", flat=True))
    width = len(str(RESOURCES))
    kinds = ResourceKind.values
    accesses = [Access.PUBLIC] * 8 + [Access.MEMBERS, Access.STAFF]
    resources = []
    for n in range(1, RESOURCES + 1):
        number = str(n).zfill(width)
        resources.append(
            Resource(
                slug=f"synthetic-resource-{number}",
                kind=rng.choice(kinds),
                status=ResourceStatus.DRAFT if n % 25 == 0 else ResourceStatus.PUBLISHED,
                access=rng.choice(accesses),
                is_demo=True,
                **{f"title_{lang}": label.format(n=number) for lang, label in LABEL.items()},
                summary_en="A synthetic resource for the benchmark; not a real document.",
                published_on=f"{rng.randint(2015, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            )
        )
    resources = Resource.objects.bulk_create(resources, batch_size=2000)
    versions = []
    for resource in resources:
        n = resource.slug.rsplit("-", 1)[1]
        k = str(rng.randint(1, 5000)).zfill(4)
        versions.append(ResourceVersion(resource=resource, language="en", text=TEXT.format(n=n, k=k) * 5))
        if int(n) % 3 == 0:
            versions.append(ResourceVersion(resource=resource, language="ar", text=TEXT_AR.format(n=n) * 5))
    ResourceVersion.objects.bulk_create(versions, batch_size=5000)
    if topics:
        through = Resource.topics.through
        through.objects.bulk_create(
            [through(resource_id=r.pk, topic_id=t) for r in resources for t in rng.sample(topics, min(2, len(topics)))],
            batch_size=5000,
        )
    return {"made": {"resources": len(resources), "resource_versions": len(versions)}}


def index() -> dict:
    """The one search's index written whole; how many entries and how long it took."""
    from citynet.search.services import rebuild

    began = time.perf_counter()
    counts = rebuild()
    return {"made": {"search_entries": sum(counts.values())}, "index_seconds": round(time.perf_counter() - began, 1)}
