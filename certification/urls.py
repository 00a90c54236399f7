from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("wnioski/", views.application_list_view, name="list"),
    path("wnioski/nowy/", views.application_start, name="start"),
    path("wnioski/<int:pk>/", views.application_detail, name="detail"),
    path("wnioski/<int:pk>/krok/<str:step>/", views.application_step, name="step"),
    path("wnioski/<int:pk>/status/", views.application_transition_view, name="transition"),
    path("wnioski/<int:pk>/przedluzenie/", views.application_renew, name="renew"),
    path("wnioski/<int:pk>/zalaczniki/", views.attachment_upload, name="attachment_upload"),
    path("wnioski/<int:pk>/zalaczniki/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("wnioski/<int:pk>/zalaczniki/<int:attachment_pk>/usun/", views.attachment_delete, name="attachment_delete"),
    path("wnioski/<int:pk>/ocena-formalna/", views.formal_check, name="formal_check"),
    path("wnioski/<int:pk>/ocena/", views.assessment, name="assessment"),
    path("wnioski/<int:pk>/ocena/zloz/", views.assessment_submit, name="assessment_submit"),
    path("wnioski/<int:pk>/oswiadczenie/", views.declare, name="declare"),
    path("wnioski/<int:pk>/ponowne-glosowanie/", views.vote_again, name="vote_again"),
    path("wnioski/<int:pk>/certyfikat/", views.certificate_issue, name="certificate_issue"),
    path("wnioski/<int:pk>/certyfikat/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("wnioski/<int:pk>/certyfikat/odebranie/", views.certificate_withdraw, name="certificate_withdraw"),
    path("edycje/", views.edition_list_view, name="editions"),
    path("edycje/nowa/", views.edition_edit, name="edition_create"),
    path("edycje/<int:pk>/", views.edition_edit, name="edition_edit"),
    path("gala/<int:event_pk>/", views.gala, name="gala"),
    # Public pages (no login).
    path("rejestr/", views.public_register_view, name="register"),
    path("weryfikacja/", views.public_verify, name="verify"),
    path("lista.json", views.certificate_list_json, name="list_json"),
    path("lista.json.p7s", views.certificate_list_signature, name="list_signature"),
]
