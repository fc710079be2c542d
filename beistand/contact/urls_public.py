"""Anonymous writing, under /<language>/write/ (public: no account, no second factor)."""

from django.urls import path

from beistand.contact.views import public

app_name = "contact_public"
urlpatterns = [
    path("", public.come_back, name="return"),
    path("to/<slug:slug>/", public.write, name="write"),
    path("message/", public.write_more, name="write_more"),
    path("objection/", public.object_to_handover, name="objection"),
    path("delete/", public.delete, name="delete"),
]
