from django.urls import path, re_path

from .views import consultation, plans, programme, structure, values

app_name = "programmes"

urlpatterns = [
    path("", programme.programme_list_view, name="list"),
    path("import/", programme.programme_import_view, name="import"),
    path("<int:pk>/", programme.programme_detail, name="detail"),
    path("<int:pk>/status/", programme.programme_transition_view, name="transition"),
    path("<int:pk>/wartosci/", programme.values_compute, name="compute"),
    path("<int:pk>/zmiana/", programme.amendment_start, name="amendment_start"),
    path("zmiany/<int:pk>/zamkniecie/", programme.amendment_close, name="amendment_close"),
    re_path(r"^(?P<pk>\d+)/eksport\.(?P<fmt>yaml|xlsx)$", programme.programme_export, name="export"),
    # The structure, edited in place (htmx) or on a page of its own (without JavaScript).
    path("priorytety/<int:pk>/", structure.priority_name, name="priority"),
    path("priorytety/<int:pk>/nazwa/", structure.priority_edit, name="priority_edit"),
    path("cele/<int:pk>/", structure.goal_name, name="goal"),
    path("cele/<int:pk>/nazwa/", structure.goal_edit, name="goal_edit"),
    path("cele/<int:pk>/kierunki/", structure.goal_directions, name="goal_directions"),
    path("cele/<int:pk>/kierunki/nowy/", structure.direction_add, name="direction_add"),
    path("kierunki/<int:pk>/", structure.direction_row, name="direction"),
    path("kierunki/<int:pk>/edycja/", structure.direction_edit, name="direction_edit"),
    path("kierunki/<int:pk>/usuniecie/", structure.direction_remove, name="direction_remove"),
    # Indicator values.
    path("wskazniki/<int:pk>/", values.indicator_values, name="indicator_values"),
    path("wskazniki/<int:pk>/<int:year>/", values.indicator_value, name="indicator_value"),
    # Annual action plans.
    path("<int:pk>/plany/", plans.plan_list, name="plans"),
    path("plany/<int:pk>/", plans.plan_detail, name="plan"),
    path("plany/<int:pk>/zadania/nowe/", plans.task_create, name="task_create"),
    path("zadania/<int:pk>/", plans.task_edit, name="task_edit"),
    # Consultation: staff answer comments; the public page needs no login.
    path("<int:pk>/uwagi/", consultation.comments, name="comments"),
    path("<int:pk>/uwagi/raport.csv", consultation.consultation_report, name="consultation_report"),
    path("<int:pk>/konsultacje/", consultation.consultation, name="consultation"),
    path("konsultacje/<int:pk>/zamkniecie/", consultation.consultation_close, name="consultation_close"),
    path("konsultacje/<int:pk>/zatwierdzenie-raportu/", consultation.consultation_approve,
         name="consultation_approve"),
    path("konsultacje/<int:pk>/raport.pdf", consultation.consultation_report_pdf, name="consultation_report_pdf"),
]
