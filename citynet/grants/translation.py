"""Grant fields that have a column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Award, Call, Criterion, Question


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "results_announcement")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("summary",)
