from django.contrib import admin

from . import models


class LessonInline(admin.StackedInline):
    model = models.Lesson
    extra = 0


class QuizQuestionInline(admin.StackedInline):
    model = models.QuizQuestion
    extra = 0


@admin.register(models.Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "organization", "status", "skill", "points"]
    list_filter = ["status", "skill"]
    raw_id_fields = ["organization", "copied_from"]
    inlines = [LessonInline, QuizQuestionInline]


@admin.register(models.Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "module", "position"]
    raw_id_fields = ["module"]


@admin.register(models.QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "module", "position"]
    raw_id_fields = ["module"]


@admin.register(models.Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "passed_at", "best_score", "attempts"]
    raw_id_fields = ["organization", "user", "module"]


@admin.register(models.QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "score", "passed", "at"]
    raw_id_fields = ["organization", "enrollment"]


@admin.register(models.RoleRequirement)
class RoleRequirementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "capability"]
    raw_id_fields = ["organization", "module"]
