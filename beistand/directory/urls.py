from django.urls import path

from beistand.directory.views import cases, conversations, entries, exchange, search, taxonomy

app_name = "directory"
urlpatterns = [
    path("", search.search_page, name="search"),
    path("new/", entries.service_create, name="service_create"),
    path("checking/", entries.needs_checking_list, name="needs_checking"),
    path("entries/<uuid:service_id>/", entries.service_detail, name="service_detail"),
    path("entries/<uuid:service_id>/edit/", entries.service_edit, name="service_edit"),
    path("entries/<uuid:service_id>/verify/", entries.service_verify, name="service_verify"),
    path("entries/<uuid:service_id>/history/", entries.service_history, name="service_history"),
    path("entries/<uuid:service_id>/notes/", entries.note_add, name="note_add"),
    path("entries/<uuid:service_id>/notes/<uuid:note_id>/delete/", entries.note_delete, name="note_delete"),
    path("taxonomy/", taxonomy.term_list, name="term_list"),
    path("taxonomy/new/", taxonomy.term_create, name="term_create"),
    path("taxonomy/<uuid:term_id>/", taxonomy.term_edit, name="term_edit"),
    path("exchange/", exchange.exchange, name="exchange"),
    path("exchange/export.zip", exchange.export, name="export"),
    path("exchange/import/", exchange.import_upload, name="import"),
    path("cases/<uuid:case_id>/entries/<uuid:service_id>/refer/", cases.refer, name="refer"),
    path("cases/<uuid:case_id>/entries/<uuid:service_id>/card/", cases.card, name="card"),
    path("conversations/<uuid:conversation_id>/entries/<uuid:service_id>/card/", conversations.card,
         name="conversation_card"),
]
