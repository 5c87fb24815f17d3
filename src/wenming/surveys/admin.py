from django.contrib import admin

from wenming.surveys.models import Option, Question, Survey


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "region", "unit", "created"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["survey", "position", "kind", "text", "indicator"]
    list_filter = ["kind"]
    inlines = [OptionInline]
