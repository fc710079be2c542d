"""The counsellors' inbox, under /<language>/staff/inbox/."""

from django.urls import path

from beistand.contact.views import inbox

app_name = "inbox"
urlpatterns = [
    path("", inbox.conversation_list, name="list"),
    path("<uuid:conversation_id>/", inbox.conversation_detail, name="detail"),
    path("<uuid:conversation_id>/reply/", inbox.reply, name="reply"),
    path("<uuid:conversation_id>/assign/", inbox.assign, name="assign"),
    path("<uuid:conversation_id>/status/", inbox.set_status, name="status"),
    path("<uuid:conversation_id>/abuse/", inbox.mark_abuse, name="abuse"),
    path("<uuid:conversation_id>/handover/", inbox.handover, name="handover"),
    path("<uuid:conversation_id>/case/", inbox.turn_into_case, name="case"),
    path("<uuid:conversation_id>/files/<uuid:attachment_id>/", inbox.attachment, name="attachment"),
]
