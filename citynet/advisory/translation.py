"""Advisory fields that have a column per language (django-modeltranslation): what is published, and what
a plan says in the city's language and in English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Action, CapacityArea, Engagement, Framework, Goal, Indicator, Meeting, Plan, Visit


@register(Engagement)
class EngagementTranslation(TranslationOptions):
    fields = ("title",)


@register(Visit)
class VisitTranslation(TranslationOptions):
    fields = ("title", "public_summary")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("public_summary",)


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("name",)


@register(CapacityArea)
class CapacityAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title", "public_summary")


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("text",)


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)
