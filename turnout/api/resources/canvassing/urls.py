from django.utils.translation import gettext_lazy as _

from ...osdi.registry import register_entry, register_scope_family
from ..routes import route
from . import views

register_scope_family("canvassing", _("Canvassing efforts, canvasses, questions and answers"))
register_entry(
    "osdi:canvassing_efforts",
    "canvassing-efforts",
    _("The collection of canvassing efforts in the system"),
)
register_entry("osdi:questions", "questions", _("The collection of questions in the system"))

E = r"(?P<effort_id>[^/]+)"
Q = r"(?P<question_id>[^/]+)"

urlpatterns = [
    route("canvassing_efforts", views.EffortsView, "canvassing-efforts"),
    route(rf"canvassing_efforts/{E}", views.EffortView, "canvassing-effort"),
    route(rf"canvassing_efforts/{E}/canvasses", views.CanvassesView, "canvassing-effort-canvasses"),
    route(
        rf"canvassing_efforts/{E}/record_canvass_helper",
        views.RecordCanvassHelperView,
        "canvassing-effort-record-canvass",
    ),
    route(rf"canvassing_efforts/{E}/canvasses/(?P<canvass_id>[^/]+)", views.CanvassView, "canvass"),
    route(
        rf"canvassing_efforts/{E}/questions",
        views.EffortQuestionsView,
        "canvassing-effort-questions",
    ),
    route("questions", views.QuestionsView, "questions"),
    route(rf"questions/{Q}", views.QuestionView, "question"),
    route(rf"questions/{Q}/answers", views.AnswersView, "question-answers"),
    route(rf"questions/{Q}/answers/(?P<answer_id>[^/]+)", views.AnswerView, "answer"),
]
