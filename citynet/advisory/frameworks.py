"""The network's default assessment framework: "Local capacity for preventing violent extremism".

This is the software's default questionnaire, not a fact from the seed and not real data about any city:
it is what a new installation offers so that staff can start assessing at once. The six capacity areas
are those the advisory work names (coordination structures, risk assessment, referral mechanisms, youth
engagement, work with former violent extremists, communications); the secretariat may change the
wording, or make a new version, through the services like any other framework.
"""

from django.db import transaction

from .models import Framework
from .services import assessments as services

DEFAULT_FRAMEWORK = {
    "name_en": services.DEFAULT_FRAMEWORK_NAME,
    "scale_min": 0,
    "scale_max": 4,
    "scale_labels": {"0": "absent", "1": "emerging", "2": "developing", "3": "established", "4": "advanced"},
    "areas": [
        {
            "code": "coordination",
            "name_en": "Coordination structures",
            "description_en": (
                "Whether the municipality has a standing local body (a safety council or a prevention "
                "team) that brings together its departments, the police, schools, health and social "
                "services and civil society, meets regularly and follows up on its decisions."
            ),
        },
        {
            "code": "risk-assessment",
            "name_en": "Risk assessment",
            "description_en": (
                "Whether the local actors share an up-to-date picture of the local risks and drivers of "
                "violent extremism, and use it to set priorities."
            ),
        },
        {
            "code": "referral",
            "name_en": "Referral mechanisms",
            "description_en": (
                "Whether front-line practitioners know where to refer a person at risk, and whether "
                "referrals are handled with clear roles, consent and data protection."
            ),
        },
        {
            "code": "youth-engagement",
            "name_en": "Youth engagement",
            "description_en": (
                "Whether young people take part in shaping and running prevention work, beyond being its audience."
            ),
        },
        {
            "code": "disengagement",
            "name_en": "Work with former violent extremists (disengagement)",
            "description_en": (
                "Whether the municipality and its partners support the disengagement and reintegration "
                "of former violent extremists and returnees, and their families."
            ),
        },
        {
            "code": "communications",
            "name_en": "Communications",
            "description_en": (
                "Whether the municipality communicates about prevention in a way that reaches its "
                "communities, and can answer extremist narratives and rumours after an incident."
            ),
        },
    ],
}


@transaction.atomic
def ensure_default_framework(actor) -> Framework:
    """The network's default framework, created (by `actor`, the secretariat) if no version of it exists
    yet. Idempotent: once it exists (in any version, however edited since) it is returned as it is, the
    current version when there is one."""
    existing = (
        Framework.objects.filter(name_en=DEFAULT_FRAMEWORK["name_en"]).order_by("-is_current", "-edition").first()
    )
    if existing is not None:
        return existing
    values = {name: value for name, value in DEFAULT_FRAMEWORK.items() if name != "areas"}
    areas = [{**area, "sort_order": index} for index, area in enumerate(DEFAULT_FRAMEWORK["areas"])]
    return services.save_framework(actor=actor, values=values, areas=areas)
